"""The page of every Excel import: upload a file; all or nothing, it shows the table of every error or the counts
of what was imported."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from diaban.core.excel_import import ImportFailed

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx)"),
        error_messages={"required": _("Chọn tệp Excel để tải lên."), "empty": _("Tệp tải lên trống.")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa 10 MB); hãy chia thành nhiều tệp."))
        return upload


class ImportView(FormView):
    """An import names its title, template and list pages, columns, and how it runs (`run`); who may import (sign-in
    and role) the subclass checks."""

    form_class = ImportForm
    template_name = "core/excel_import.html"
    title = template_url_name = list_url_name = ""
    columns = ()

    def run(self, workbook_file):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=self.title,
            template_url=reverse(self.template_url_name),
            list_url=reverse(self.list_url_name),
            columns=self.columns,
        )
        return context

    def form_valid(self, form):
        try:
            report = self.run(form.cleaned_data["file"])
        except ImportFailed as exc:
            return self.render_to_response(self.get_context_data(form=form, errors=exc.errors))
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        return self.render_to_response(self.get_context_data(form=self.form_class(), report=report))
