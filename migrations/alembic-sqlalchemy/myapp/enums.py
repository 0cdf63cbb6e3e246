"""Python enums the application stores; `sa.Enum(Priority)` labels them with the member names."""

import enum


class Priority(enum.Enum):
    low = 1
    normal = 2
    high = 3
    default = 2  # an alias of `normal`, not a member of its own
