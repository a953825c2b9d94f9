"""The window's style sheet: call-line cards, accept/danger buttons, status dots."""

from __future__ import annotations

STYLE_SHEET = """
QMainWindow, #central { background: #f4f6f8; }
QGroupBox { font-weight: 600; border: 1px solid #d6dbe1; border-radius: 8px; margin-top: 14px;
            background: #ffffff; padding: 8px; }
QGroupBox::title { subcontrol-origin: margin; left: 10px; padding: 0 4px; color: #3b4651; }
#top_bar { background: #ffffff; border-bottom: 1px solid #d6dbe1; }
#status_dot { font-size: 14px; color: #9aa5b1; }
#status_dot[level="ok"] { color: #1f9d55; }
#status_dot[level="warn"] { color: #d69e2e; }
#status_dot[level="error"] { color: #d64545; }
#number_edit { font-size: 20px; padding: 6px 8px; border: 1px solid #c5ccd4; border-radius: 6px; }
#number_preview { color: #52606d; }
#number_preview[problem="true"] { color: #c53030; }
QPushButton { padding: 5px 12px; border: 1px solid #c5ccd4; border-radius: 6px; background: #ffffff; }
QPushButton:hover { background: #eef2f6; }
QPushButton:checked { background: #dbe7f3; border-color: #7aa7d6; }
QPushButton:disabled { color: #a0aab4; background: #f4f6f8; }
QPushButton[keypad="true"] { font-size: 15px; background: #f8fafc; }
QPushButton[role="accept"] { background: #1f9d55; color: white; border-color: #1a8447; font-weight: 600; }
QPushButton[role="accept"]:hover { background: #1a8447; }
QPushButton[role="accept"]:disabled { background: #9fd5b5; border-color: #9fd5b5; }
QPushButton[role="danger"] { background: #d64545; color: white; border-color: #b83a3a; font-weight: 600; }
QPushButton[role="danger"]:hover { background: #b83a3a; }
#dnd_button:checked { background: #d64545; color: white; border-color: #b83a3a; }
QFrame[callLine="true"] { background: #ffffff; border: 1px solid #d6dbe1; border-radius: 8px; }
QFrame[callLine="true"][state="ringing_in"] { border: 2px solid #1f9d55; background: #f0faf4; }
QFrame[callLine="true"][state="held"] { background: #fbf7ec; border-color: #e2c47a; }
QFrame[callLine="true"][state="ended"] { background: #f4f6f8; }
QFrame[callLine="true"][selected="true"] { border: 2px solid #3b82c4; }
QFrame[callLine="true"] QLabel { background: transparent; }
QFrame[callLine="true"] #remote_name { font-size: 16px; font-weight: 600; color: #1f2933; }
QFrame[callLine="true"] #remote_number, QFrame[callLine="true"] #dialled_number { color: #52606d; }
QFrame[callLine="true"] #timer { font-size: 16px; font-family: monospace; color: #1f2933; }
QFrame[callLine="true"] #state { color: #3b4651; }
QFrame[callLine="true"] #direction { font-size: 16px; color: #52606d; }
#calls_placeholder { color: #7b8794; font-size: 14px; padding: 24px; }
#calls_panel, #calls_body { background: #ffffff; }
#shortcut_help { color: #52606d; font-size: 11px; background: transparent; }
#shortcut_help_scroll, #shortcut_help_scroll > QWidget { background: transparent; }
QTreeWidget { border: none; alternate-background-color: #f8fafc; }
#script_panel { background: #ffffff; }
#script_scroll, #script_scroll > QWidget { background: #ffffff; }
#script_panel:focus { border: 2px solid #7aa7d6; border-radius: 6px; }
#script_title { font-size: 14px; color: #1f2933; }
#script_compliance, #script_hint { color: #52606d; font-size: 11px; }
#script_compliance_bar { border: none; background: #e4e7eb; border-radius: 3px; }
#script_compliance_bar::chunk { background: #1f9d55; border-radius: 3px; }
#script_note { color: #8a5a00; background: #fff8e6; border-radius: 4px; padding: 4px 6px; }
#script_problems { color: #9b2c2c; background: #fdecec; border-radius: 4px; padding: 4px 6px; }
#script_step { background: #f8fafc; border: 1px solid #d6dbe1; border-radius: 8px; }
#script_step[required="true"] { border-left: 4px solid #d69e2e; }
#script_step QLabel { background: transparent; }
#script_step_header { color: #52606d; font-size: 11px; font-weight: 600; }
#script_step_text { font-size: 15px; color: #1f2933; }
QPushButton[scriptAnswer="true"] { text-align: left; padding: 6px 10px; font-size: 13px; }
QPushButton[chosen="true"] { background: #dbe7f3; border-color: #7aa7d6; }
#script_action { background: #fffaf0; border-color: #e2c47a; }
#script_placeholder { color: #7b8794; font-size: 14px; padding: 24px; }
#script_steps { border: 1px solid #e4e7eb; border-radius: 6px; font-size: 12px; }
#shop_banner { font-weight: 700; font-size: 14px; padding: 4px 10px; border-radius: 5px; }
#shop_banner[compact="true"] { font-size: 12px; padding: 2px 8px; }
#customer_name { font-size: 18px; font-weight: 700; color: #1f2933; }
#tag_chip { font-size: 11px; padding: 1px 8px; border-radius: 9px; background: #e4e7eb; color: #3b4651; }
#tag_chip[tone="vip"] { background: #fff3c4; color: #8d2b0b; font-weight: 700; }
#tag_chip[tone="danger"] { background: #d64545; color: white; font-weight: 700; }
#card_note { color: #8d5b0b; background: #fffbea; border: 1px solid #f0d98c; border-radius: 4px;
             padding: 2px 6px; }
#field_title { color: #7b8794; }
#section_title { font-weight: 600; color: #3b4651; }
QPushButton[link="true"] { border: none; background: transparent; color: #1f5fa8; padding: 1px 4px;
                           text-align: left; }
QPushButton[link="true"]:hover { text-decoration: underline; background: #eef2f6; }
#workspace_message { color: #52606d; font-size: 15px; padding: 16px; }
#chooser_title, #form_title { font-size: 15px; font-weight: 600; color: #1f2933; }
#form_problems { color: #c53030; }
QLineEdit[problem="true"], QPlainTextEdit[problem="true"] { border: 1px solid #d64545; background: #fff5f5; }
#customer_search { padding: 4px 8px; border: 1px solid #c5ccd4; border-radius: 6px; }
#search_results { border: 1px solid #9aa5b1; background: #ffffff; }
#script_placeholder { color: #7b8794; }
#candidates::item { padding: 6px; border-bottom: 1px solid #e4e7eb; color: #1f2933; }
#candidates::item:selected { background: #dbe7f3; color: #1f2933; }
#task_list::item { padding: 3px 4px; border-bottom: 1px solid #e4e7eb; }
#task_list::item:selected { background: #dbe7f3; color: #1f2933; }
#task_note { color: #3b4651; }
"""
