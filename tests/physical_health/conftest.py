from tests.platform.conftest import client_for, fast_password_hashing, world  # noqa: F401
