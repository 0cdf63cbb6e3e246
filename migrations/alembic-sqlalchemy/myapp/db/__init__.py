from .types import GUID as GUID
