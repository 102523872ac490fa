"""Routing: reasons to route and queues, the decision, SLA deadlines and the QA sample."""
