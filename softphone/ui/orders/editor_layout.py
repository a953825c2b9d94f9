"""The order editor's widgets and where they sit (kept apart from its behaviour)::

    [Order O-1 — New ............................ In the CRM  | Save (Ctrl+S)]
    [ product search (Ctrl+K)          | Delivery / Method / Address        ]
    [ hits: name, SKU, price, stock    | Date / Slot / Cost / Payment       ]
    [ lines: product, qty, price, sum  | Discount [   ] your limit … [Escalate]]
    [                                  | Comment                            ]
    [ Items … + delivery … − discount … = total                             ]
    [ message                                                               ]
    [ Status [v] [Change] | Cancel reason [      ] [Cancel order] | [Returns…]]

Sized for the middle column at 1366x768: the lists shrink and scroll, the form keeps its rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from softphone.ui.orders.delivery_view import DeliveryView
from softphone.ui.orders.lines_view import LinesView
from softphone.ui.orders.product_search import ProductSearch

if TYPE_CHECKING:
    from softphone.ui.orders.order_editor import OrderEditorPanel

MAX_DISCOUNT = 10_000_000.0
RIGHT_MAX = 290  # the delivery form; the products and lines take the rest of the column


def build_layout(panel: OrderEditorPanel) -> None:
    panel.title = QLabel(panel)
    panel.title.setObjectName("order_title")
    panel.title.setWordWrap(True)
    font = panel.title.font()
    font.setBold(True)
    panel.title.setFont(font)
    panel.sync_chip = QLabel(panel)
    panel.sync_chip.setObjectName("order_sync_state")
    panel.save_button = QPushButton(QCoreApplication.translate("OrderEditorPanel", "&Save order"), panel)
    panel.save_button.setObjectName("save_order_button")
    panel.save_button.setProperty("role", "accept")
    panel.save_button.setToolTip(
        QCoreApplication.translate(
            "OrderEditorPanel", "Save the order; it goes to the CRM through the outbox"
        )
    )
    head = QHBoxLayout()
    head.addWidget(panel.title, 1)
    head.addWidget(panel.sync_chip)
    head.addWidget(panel.save_button)

    body = panel.body = QWidget(panel)
    panel.search = ProductSearch(panel._store, panel._jobs, body)
    panel.search.field.setToolTip(
        QCoreApplication.translate(
            "OrderEditorPanel", "Find a product (Ctrl+P); Enter adds it, Down goes to the list"
        )
    )
    panel.lines_view = LinesView(body)
    left = QSplitter(Qt.Orientation.Vertical, body)
    left.setObjectName("order_lists")
    left.addWidget(panel.search)
    left.addWidget(panel.lines_view)
    left.setChildrenCollapsible(False)
    left.setStretchFactor(0, 1)
    left.setStretchFactor(1, 1)

    panel.delivery_view = DeliveryView(body)
    panel.discount = QDoubleSpinBox(body)
    panel.discount.setObjectName("order_discount")
    panel.discount.setDecimals(2)
    panel.discount.setRange(0.0, MAX_DISCOUNT)
    panel.discount.setSuffix(" ₽")
    panel.limit_label = QLabel(body)
    panel.limit_label.setObjectName("compensation_limit")
    panel.escalate_button = QPushButton(QCoreApplication.translate("OrderEditorPanel", "&Escalate…"), body)
    panel.escalate_button.setObjectName("escalate_button")
    panel.escalate_button.setVisible(False)
    discount_row = QHBoxLayout()
    discount_row.addWidget(panel.discount)
    discount_row.addWidget(panel.limit_label, 1)
    discount_row.addWidget(panel.escalate_button)
    panel.comment = QLineEdit(body)
    panel.comment.setObjectName("order_comment")
    panel.comment.setMaxLength(2000)
    extra = QFormLayout()
    extra.setContentsMargins(0, 0, 0, 0)
    discount_label = QLabel(QCoreApplication.translate("OrderEditorPanel", "D&iscount"), body)
    discount_label.setBuddy(panel.discount)
    extra.addRow(discount_label, discount_row)
    extra.addRow(QCoreApplication.translate("OrderEditorPanel", "C&omment"), panel.comment)
    right = QWidget(body)
    right_layout = QVBoxLayout(right)
    right_layout.setContentsMargins(0, 0, 0, 0)
    right_layout.addWidget(panel.delivery_view)
    right_layout.addLayout(extra)
    right_layout.addStretch(1)
    right.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
    right.setMaximumWidth(RIGHT_MAX)

    columns = QSplitter(Qt.Orientation.Horizontal, body)
    columns.setObjectName("order_columns")
    columns.addWidget(left)
    columns.addWidget(right)
    columns.setChildrenCollapsible(False)
    columns.setStretchFactor(0, 1)
    columns.setStretchFactor(1, 0)

    panel.totals = QLabel(body)
    panel.totals.setObjectName("order_totals")
    panel.totals.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    panel.message = QLabel(body)
    panel.message.setObjectName("order_message")
    panel.message.setWordWrap(True)

    panel.status_combo = QComboBox(body)
    panel.status_combo.setObjectName("order_status_target")
    panel.status_combo.setToolTip(
        QCoreApplication.translate("OrderEditorPanel", "The statuses the CRM allows from this one")
    )
    panel.status_button = QPushButton(QCoreApplication.translate("OrderEditorPanel", "Change s&tatus"), body)
    panel.status_button.setObjectName("change_status_button")
    panel.cancel_reason = QLineEdit(body)
    panel.cancel_reason.setObjectName("cancel_reason")
    panel.cancel_reason.setMaxLength(1000)
    panel.cancel_reason.setPlaceholderText(
        QCoreApplication.translate("OrderEditorPanel", "Why the customer cancels")
    )
    panel.cancel_button = QPushButton(QCoreApplication.translate("OrderEditorPanel", "Cancel o&rder"), body)
    panel.cancel_button.setObjectName("cancel_order_button")
    panel.returns_button = QPushButton(
        QCoreApplication.translate("OrderEditorPanel", "Return / e&xchange…"), body
    )
    panel.returns_button.setObjectName("returns_button")
    actions = QHBoxLayout()
    actions.addWidget(panel.status_combo)
    actions.addWidget(panel.status_button)
    actions.addSpacing(12)
    actions.addWidget(panel.cancel_reason, 1)
    actions.addWidget(panel.cancel_button)
    actions.addWidget(panel.returns_button)

    body_layout = QVBoxLayout(body)
    body_layout.setContentsMargins(0, 0, 0, 0)
    body_layout.setSpacing(4)
    body_layout.addWidget(columns, 1)
    body_layout.addWidget(panel.totals)
    body_layout.addWidget(panel.message)
    body_layout.addLayout(actions)

    layout = QVBoxLayout(panel)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(6)
    layout.addLayout(head)
    layout.addWidget(body, 1)
