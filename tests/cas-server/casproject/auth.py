"""Accounts from a JSON file: {"username": {"password": "...", "attributes": {"uid": ..., ...}}}.
Attribute values may be lists (multi-valued attributes are released as repeated elements)."""
import json
import os

from cas_server.auth import AuthUser


def _accounts():
    with open(os.environ["CAS_USERS"], encoding="utf-8") as f:
        return json.load(f)


class JsonFileAuthUser(AuthUser):
    def __init__(self, username):
        self.account = _accounts().get(username)
        super().__init__(username)

    def test_password(self, password):
        return self.account is not None and self.account.get("password") == password

    def attributs(self):
        return dict(self.account.get("attributes", {})) if self.account else {}
