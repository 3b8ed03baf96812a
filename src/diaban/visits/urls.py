from django.urls import path

from diaban.visits.views import coordination, exports, fieldtime, plans, reports

urlpatterns = [
    # --- plans (views/plans.py) ---
    path("di-co-so/", plans.PlanListView.as_view(), name="visit_plan_list"),
    path("di-co-so/lap-ke-hoach/", plans.PlanCreateView.as_view(), name="visit_plan_create"),
    path("di-co-so/chon-dia-ban/", plans.PlanUnitPickerView.as_view(), name="visit_unit_picker"),
    path("di-co-so/chon-can-bo/", plans.PlanPersonPickerView.as_view(), name="visit_person_picker"),
    path("di-co-so/<id:pk>/", plans.PlanDetailView.as_view(), name="visit_plan_detail"),
    path("di-co-so/<id:pk>/sua/", plans.PlanEditView.as_view(), name="visit_plan_edit"),
    path("di-co-so/<id:pk>/trinh-duyet/", plans.PlanSubmitView.as_view(), name="visit_plan_submit"),
    path("di-co-so/<id:pk>/duyet/", plans.PlanApproveView.as_view(), name="visit_plan_approve"),
    path("di-co-so/<id:pk>/tra-lai/", plans.PlanReturnView.as_view(), name="visit_plan_return"),
    path("di-co-so/<id:pk>/huy/", plans.PlanCancelView.as_view(), name="visit_plan_cancel"),
    path("di-co-so/<id:pk>/gop/", plans.PlanMergeView.as_view(), name="visit_plan_merge"),
    path("di-co-so/<id:pk>/lap-bao-cao/", plans.TripReportStartView.as_view(), name="trip_report_start"),
    # --- coordination and trip reports (views/coordination.py, views/reports.py) ---
    path("di-co-so/phoi-hop/", coordination.VisitCoordinationView.as_view(), name="visit_coordination"),
    path("bao-cao-di-co-so/<id:pk>/", reports.TripReportView.as_view(), name="trip_report"),
    path("bao-cao-di-co-so/<id:pk>/mo-lai/", reports.TripReportReopenView.as_view(), name="trip_report_reopen"),
    # --- field time (views/fieldtime.py) ---
    path("thoi-gian-co-so/", fieldtime.FieldTimeListView.as_view(), name="field_time"),
    path("thoi-gian-co-so/<id:pk>/", fieldtime.FieldTimeDetailView.as_view(), name="field_time_detail"),
    # --- downloads (views/exports.py) ---
    path("di-co-so/xuat-excel/", exports.VisitPlanExportView.as_view(), name="visit_plan_export"),
    path("di-co-so/<id:pk>/tai-ve.docx", exports.VisitPlanDocxView.as_view(), name="visit_plan_docx"),
    path("bao-cao-di-co-so/<id:pk>/tai-ve.docx", exports.TripReportDocxView.as_view(), name="trip_report_docx"),
]
