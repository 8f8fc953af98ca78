"""Who a build is for: everything (college, confidential, review, internal) or only the review set."""
from enum import Enum


class Audience(Enum):
    ALL = "all"
    REVIEW = "review"
