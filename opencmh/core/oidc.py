"""OpenID Connect sign-in (NHS CIS2 for staff, NHS login for people using services).

Accounts are provisioned in OpenCMH with their roles; OIDC proves who is signing in and
maps them to an existing account by email. Nobody gets an account by signing in.
"""

from mozilla_django_oidc.auth import OIDCAuthenticationBackend


class OpenCMHOIDCBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims):
        email = claims.get("email")
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email, is_active=True)
