"""The first schema: plans, their revisions and the disclosure log.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "recoveryplan_plans",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("latest", sa.Integer, nullable=False),
    )
    op.create_table(
        "recoveryplan_revisions",
        sa.Column("plan_id", sa.Text, primary_key=True),
        sa.Column("number", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column(
            "document", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["recoveryplan_plans.id"], name="recoveryplan_revisions_plan"
        ),
    )
    op.create_table(
        "recoveryplan_disclosures",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("plan_id", sa.Text, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("reader", sa.Text, nullable=False),
        sa.Column("sections", sa.JSON, nullable=False),
        sa.Column("view", sa.Text, nullable=False),
        sa.Column("disclosed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("disclosed_by", sa.Text, nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["recoveryplan_plans.id"], name="recoveryplan_disclosures_plan"
        ),
    )
    op.create_index(
        "recoveryplan_disclosures_by_plan", "recoveryplan_disclosures", ["plan_id", "id"]
    )


def downgrade() -> None:
    op.drop_table("recoveryplan_disclosures")
    op.drop_table("recoveryplan_revisions")
    op.drop_table("recoveryplan_plans")
