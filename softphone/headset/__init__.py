"""USB headset call control: the buttons of the Telephony HID page and the call LEDs (Qt-free).

``device_thread`` owns the device on its own thread (through ``hid_device``, the only module that
imports hidapi), ``report_descriptor`` and ``telephony`` read the device's reports, ``quirks`` and
``call_control`` say what a button means, ``link`` joins all of it to the live calls.
"""
