"""SQLAlchemy models, one module per aggregate. Import them all here so Alembic sees them."""
from portal.models.account import ROLES, User, UserRole
from portal.models.audit import AuditEvent
from portal.models.cycle import ASSIGNMENT_STATES, CYCLE_STATES, Assignment, Cycle, cycle_unit
from portal.models.feedback import Answer, CompetencyComment, Draft, Receipt, Response
from portal.models.mail import OutboxMessage
from portal.models.framework import COMPETENCY_GROUPS, Competency, Framework, Indicator
from portal.models.org import POSITION_TYPES, STATUSES, Agency, Employee, Unit
from portal.models.training import TRAINING_FORMS, CatalogueRevision, Training, training_competency
from portal.models.public import ELEMENT_COLUMNS, PublicAnswer, PublicService, ServicePopulation, service_officer
from portal.models.report import PLAN_STATUSES, PlanComment, PlanItem, Recommendation, ReportFindings, ReportScore, ReportSnapshot, TrainingDemand, UnitScore

__all__ = [
    "ASSIGNMENT_STATES",
    "COMPETENCY_GROUPS",
    "CYCLE_STATES",
    "Answer",
    "Assignment",
    "Competency",
    "CompetencyComment",
    "Cycle",
    "Draft",
    "Framework",
    "Indicator",
    "OutboxMessage",
    "Receipt",
    "Response",
    "cycle_unit",
    "POSITION_TYPES",
    "ROLES",
    "STATUSES",
    "Agency",
    "AuditEvent",
    "Employee",
    "Unit",
    "User",
    "UserRole",
    "TRAINING_FORMS",
    "Training",
    "training_competency",
    "CatalogueRevision",
    "PLAN_STATUSES",
    "PlanComment",
    "PlanItem",
    "Recommendation",
    "ReportFindings",
    "ReportScore",
    "ReportSnapshot",
    "TrainingDemand",
    "UnitScore",
    # public satisfaction surveys (SKM) are listed below this line
    "ELEMENT_COLUMNS",
    "PublicAnswer",
    "PublicService",
    "ServicePopulation",
    "service_officer",
]
