"""What the guidance pages share: the role check of write pages, paging inside a detail page, file streaming."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator

from diaban.core.uploads import download
from diaban.people.permissions import role_of


class WriterRequiredMixin:
    """A write page: roles outside `writers` are refused (403) before anything is looked up; `refusal` says why.
    `also_allowed(user)` lets in people the role does not (a department's head, say)."""

    capture = True
    writers: set = set()
    refusal = ""

    def also_allowed(self, user) -> bool:
        return False

    def get_context_data(self, **kwargs):
        return super().get_context_data(max_upload_mb=settings.DIABAN_MAX_UPLOAD_MB, **kwargs)

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and role_of(user) not in self.writers and not self.also_allowed(user):
            raise PermissionDenied(self.refusal)
        return super().dispatch(request, *args, **kwargs)


def page_of(request, queryset, per_page: int = 50, param: str = "trang"):
    """One page of `queryset` (two queries: the count and the rows)."""
    return Paginator(queryset, per_page).get_page(request.GET.get(param))


def query_without(request, *names) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def stream(file_field, name: str):
    """An uploaded file, to someone the view has checked may see it."""
    return download(file_field, name)
