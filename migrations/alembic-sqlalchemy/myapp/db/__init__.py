from myapp.db.types import GUID as GUID
