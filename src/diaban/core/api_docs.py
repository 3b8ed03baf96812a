"""The API's OpenAPI description (`/api/schema/`) and its Swagger page (`/api/docs/`), for signed-in users."""

from django.contrib.auth.views import redirect_to_login
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import permissions
from rest_framework.renderers import JSONRenderer


class SchemaView(SpectacularAPIView):
    """The description, in YAML or JSON as asked; a refusal is JSON like every API error, whatever was asked."""

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        self.request.accepted_renderer, self.request.accepted_media_type = JSONRenderer(), JSONRenderer.media_type
        return response


class SwaggerView(SpectacularSwaggerSplitView):
    """The Swagger page of the API, for signed-in users (others go to the sign-in page, like every page), with the
    page in Vietnamese. Its settings come as a script of their own (`?script`) rather than inline, so the page
    keeps the site's Content Security Policy."""

    template_name = "core/swagger_ui.html"
    permission_classes = [permissions.AllowAny]

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().get(request, *args, **kwargs)
