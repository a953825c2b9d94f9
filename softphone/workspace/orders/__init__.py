"""The order and delivery editor's Qt-free side: the order as the operator shapes it (``draft``) and
the desk that links saved orders to calls and asks the CRM for delivery slots (``desk``). The store
side is ``softphone.store.order_editing`` / ``order_writes``; the editor is ``softphone.ui.orders``.
"""
