from django.urls import path

from diaban.visits.views import coordination, exports, fieldtime, plan_actions, plan_detail, plan_form, plans, reports

urlpatterns = [
    # --- plans (views/plans.py, plan_form.py, plan_detail.py, plan_actions.py) ---
    path("di-co-so/", plans.PlanListView.as_view(), name="visit_plan_list"),
    path("di-co-so/lap-ke-hoach/", plan_form.PlanCreateView.as_view(), name="visit_plan_create"),
    path("di-co-so/chon-dia-ban/", plan_form.PlanUnitPickerView.as_view(), name="visit_unit_picker"),
    path("di-co-so/chon-can-bo/", plan_form.PlanPersonPickerView.as_view(), name="visit_person_picker"),
    path("di-co-so/<id:pk>/", plan_detail.PlanDetailView.as_view(), name="visit_plan_detail"),
    path("di-co-so/<id:pk>/sua/", plan_form.PlanEditView.as_view(), name="visit_plan_edit"),
    path("di-co-so/<id:pk>/trinh-duyet/", plan_actions.PlanSubmitView.as_view(), name="visit_plan_submit"),
    path("di-co-so/<id:pk>/duyet/", plan_actions.PlanApproveView.as_view(), name="visit_plan_approve"),
    path("di-co-so/<id:pk>/tra-lai/", plan_actions.PlanReturnView.as_view(), name="visit_plan_return"),
    path("di-co-so/<id:pk>/huy/", plan_actions.PlanCancelView.as_view(), name="visit_plan_cancel"),
    path("di-co-so/<id:pk>/gop/", plan_actions.PlanMergeView.as_view(), name="visit_plan_merge"),
    path("di-co-so/<id:pk>/lap-bao-cao/", plan_actions.TripReportStartView.as_view(), name="trip_report_start"),
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
