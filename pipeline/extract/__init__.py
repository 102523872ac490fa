"""From a phone photo to a classified document with typed key fields and confidences."""
