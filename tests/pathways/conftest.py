from tests.platform.conftest import client_for, directory_service, fast_password_hashing, world  # noqa: F401
