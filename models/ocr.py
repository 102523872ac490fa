"""OCR output shared across stages: text lines with their boxes and confidences."""
from pydantic import BaseModel, ConfigDict, Field

Point = tuple[float, float]
Box = tuple[Point, Point, Point, Point]  # four corners, clockwise from top-left


class OcrLine(BaseModel):
    """One recognised text line; ``box`` is four corners (clockwise from top-left) in page pixels."""

    model_config = ConfigDict(frozen=True)
    text: str
    confidence: float = Field(ge=0.0, le=1.0)
    box: Box

    @property
    def x0(self) -> float:
        return min(p[0] for p in self.box)

    @property
    def x1(self) -> float:
        return max(p[0] for p in self.box)

    @property
    def y0(self) -> float:
        return min(p[1] for p in self.box)

    @property
    def y1(self) -> float:
        return max(p[1] for p in self.box)

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2
