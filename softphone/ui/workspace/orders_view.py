"""The customer's orders on the card: number, status, total, delivery; the open ones first and marked,
the first open one selected (it is what the call is most likely about). Items, the delivery address
and the payment are in each row's tooltip."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from softphone.store.customer_details import OrderLine
from softphone.ui.workspace.texts import delivery_text, money, order_tooltip, status_text

OPEN_TINT = QColor("#eef6ff")


class OrdersView(QTreeWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("orders_view")
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHeaderLabels([self.tr("Order"), self.tr("Status"), self.tr("Total"), self.tr("Delivery")])
        header = self.header()
        header.setStretchLastSection(True)
        for column in (0, 1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.orders: tuple[OrderLine, ...] = ()

    def set_orders(self, orders: tuple[OrderLine, ...]) -> None:
        if orders == self.orders:
            return
        self.orders = orders
        self.clear()
        first_open: QTreeWidgetItem | None = None
        bold = QFont(self.font())
        bold.setBold(True)
        for order in orders:
            item = QTreeWidgetItem(
                [
                    order.crm_id or self.tr("(new)"),
                    status_text(order.status),
                    money(order.total),
                    delivery_text(order),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, order.id)
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            tip = order_tooltip(order)
            for column in range(4):
                item.setToolTip(column, tip)
            if order.is_open:
                for column in range(4):
                    item.setBackground(column, QBrush(OPEN_TINT))
                    item.setFont(column, bold)
                first_open = first_open or item
            self.addTopLevelItem(item)
        if first_open is not None:
            self.setCurrentItem(first_open)
