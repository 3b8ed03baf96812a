"""Excel pages of people: the export of the person list (as filtered, every page), the import template and the
import page."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils.translation import gettext_lazy as _
from django.views.generic import View

from diaban.core.excel import xlsx_response
from diaban.core.import_views import ImportView
from diaban.people import excel
from diaban.people.models import Person
from diaban.people.views.mixins import ManagerRequiredMixin
from diaban.people.views.people import PersonListView


class PersonExportView(PersonListView):
    """The person list with the same filters and scope as the page, every page of it."""

    def get(self, request, *args, **kwargs):
        return xlsx_response(excel.people_workbook(self.get_queryset()), "can-bo.xlsx")


class PersonTemplateView(LoginRequiredMixin, View):
    def get(self, request, *args, **kwargs):
        return xlsx_response(excel.people_template(), "mau-can-bo.xlsx")


class PersonImportView(LoginRequiredMixin, ManagerRequiredMixin, ImportView):
    model = Person
    title = _("Nhập cán bộ từ Excel")
    template_url_name, list_url_name = "person_template", "person_list"
    columns = excel.PEOPLE_COLUMNS

    def run(self, workbook_file):
        return excel.people_import(actor=self.request.user, workbook_file=workbook_file)
