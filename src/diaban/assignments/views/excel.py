"""Excel pages: export of the person and assignment lists (as filtered, every page), the import templates, and
the import pages, which show every bad row at once or what was imported."""

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, View

from diaban.assignments import excel
from diaban.assignments.models import Assignment
from diaban.assignments.views.assignments import AssignmentListView
from diaban.assignments.views.mixins import ManagerRequiredMixin
from diaban.assignments.views.people import PersonListView
from diaban.core.excel import xlsx_response
from diaban.core.excel_import import ImportFailed
from diaban.people.models import Person

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class PersonExportView(PersonListView):
    """The person list with the same filters and scope as the page, every page of it."""

    def get(self, request, *args, **kwargs):
        return xlsx_response(excel.people_workbook(self.get_queryset()), "can-bo.xlsx")


class AssignmentExportView(AssignmentListView):
    """The assignment list with the same filters and scope as the page, every page of it."""

    def get(self, request, *args, **kwargs):
        return xlsx_response(excel.assignments_workbook(self.get_queryset()), "phan-cong.xlsx")


class PersonTemplateView(LoginRequiredMixin, View):
    def get(self, request, *args, **kwargs):
        return xlsx_response(excel.people_template(), "mau-can-bo.xlsx")


class AssignmentTemplateView(LoginRequiredMixin, View):
    def get(self, request, *args, **kwargs):
        return xlsx_response(excel.assignments_template(), "mau-phan-cong.xlsx")


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


class _ImportView(LoginRequiredMixin, ManagerRequiredMixin, FormView):
    """Upload a file; all or nothing: the table of every error, or the counts of what was imported."""

    form_class = ImportForm
    template_name = "assignments/excel_import.html"
    title = heading = template_url_name = list_url_name = ""
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


class PersonImportView(_ImportView):
    model = Person
    title = _("Nhập cán bộ từ Excel")
    template_url_name, list_url_name = "person_template", "person_list"
    columns = excel.PEOPLE_COLUMNS

    def run(self, workbook_file):
        return excel.people_import(actor=self.request.user, workbook_file=workbook_file)


class AssignmentImportView(_ImportView):
    model = Assignment
    title = _("Nhập phân công từ Excel")
    template_url_name, list_url_name = "assignment_template", "assignment_list"
    columns = excel.ASSIGNMENT_COLUMNS

    def run(self, workbook_file):
        return excel.assignments_import(actor=self.request.user, workbook_file=workbook_file)
