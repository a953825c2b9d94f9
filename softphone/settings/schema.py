"""Every setting softphone knows, declared once: section, name, type, default, description, limits.

A setting is a ``Setting[T]`` descriptor on a section class; reading it through a section bound
to the effective settings gives a typed value (``settings.sip.port`` is an ``int``), and reading
it on the class gives the declaration itself (``Sip.port``), which is what ``Settings.set``,
``is_locked`` and ``source_of`` take. ``SECTIONS`` and ``ALL_SETTINGS`` iterate the declarations
for ``--show-settings`` and the settings dialog. In TOML a setting is ``[section] name = value``.

Secrets (SIP password, CRM token) are deliberately absent: they live in the keyring.
"""

from __future__ import annotations

import enum
from typing import Any, ClassVar, Generic, Protocol, TypeVar, cast, overload

from softphone.sip.events import DtmfMethod, SrtpMode, Transport

T = TypeVar("T")


class Language(enum.StrEnum):
    AUTO = "auto"  # the system locale, falling back to English
    RU = "ru"
    EN = "en"


class ValueSource(Protocol):
    """What a section reads its values from (the layered ``Settings``)."""

    def value(self, setting: Setting[T]) -> T: ...


class Setting(Generic[T]):
    """One declared setting. The declared type is the default's type (an enum gives the choices)."""

    def __init__(
        self, default: T, description: str, *, minimum: float | None = None, maximum: float | None = None
    ) -> None:
        self.default = default
        self.description = description
        self.minimum = minimum
        self.maximum = maximum
        self.type: type = type(default)
        self.section = ""
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.section = str(owner.__dict__["name"])
        self.name = name

    @property
    def key(self) -> str:
        """The dotted ``section.name`` used in ``locked = [...]`` and messages."""
        return f"{self.section}.{self.name}"

    @property
    def choices(self) -> tuple[str, ...]:
        if issubclass(self.type, enum.Enum):
            return tuple(str(member.value) for member in self.type)
        return ()

    @overload
    def __get__(self, instance: None, owner: type) -> Setting[T]: ...

    @overload
    def __get__(self, instance: Section, owner: type) -> T: ...

    def __get__(self, instance: Section | None, owner: type) -> Setting[T] | T:
        if instance is None:
            return self
        return instance.source.value(self)

    def __repr__(self) -> str:
        return f"Setting({self.key})"

    def coerce(self, value: object) -> T:
        """The value as the declared type, or ValueError saying what was expected (no key in it)."""
        kind = self.type
        result: object
        if kind is bool:
            if not isinstance(value, bool):
                raise ValueError(f"expected true or false, got {value!r}")
            result = value
        elif kind is int:
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"expected a whole number, got {value!r}")
            result = value
        elif kind is float:
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"expected a number, got {value!r}")
            result = float(value)
        elif kind is tuple:
            if not isinstance(value, list | tuple) or not all(isinstance(item, str) for item in value):
                raise ValueError(f"expected a list of strings, got {value!r}")
            result = tuple(item.strip() for item in value if item.strip())
        elif issubclass(kind, enum.Enum):
            try:
                result = kind(value)
            except ValueError:
                raise ValueError(f"{value!r} is not one of {', '.join(self.choices)}") from None
        else:
            if not isinstance(value, str):
                raise ValueError(f"expected a string, got {value!r}")
            result = value
        self._check_range(result)
        return cast(T, result)

    def _check_range(self, value: object) -> None:
        if not isinstance(value, int | float) or isinstance(value, bool):
            return
        if self.minimum is not None and value < self.minimum:
            raise ValueError(f"{value!r} is below the minimum {self.minimum:g}")
        if self.maximum is not None and value > self.maximum:
            raise ValueError(f"{value!r} is above the maximum {self.maximum:g}")

    def to_toml(self, value: T) -> Any:
        """The value as TOML holds it (enums as their string, tuples as arrays)."""
        if isinstance(value, enum.Enum):
            return value.value
        if isinstance(value, tuple):
            return list(value)
        return value


class Section:
    """A group of settings read from one TOML table; subclasses declare ``Setting`` attributes."""

    name: ClassVar[str]

    def __init__(self, source: ValueSource) -> None:
        self.source = source

    @classmethod
    def settings(cls) -> tuple[Setting[Any], ...]:
        return tuple(value for value in vars(cls).values() if isinstance(value, Setting))


class Sip(Section):
    name = "sip"
    username = Setting("", "SIP user (the operator's extension).")
    domain = Setting("", "SIP domain / registrar host, e.g. pbx.example.com.")
    port = Setting(5060, "Registrar port.", minimum=1, maximum=65535)
    transport = Setting(Transport.UDP, "SIP transport.")
    auth_username = Setting("", "Digest auth user, if different from sip.username.")
    display_name = Setting("", "Display name sent in From.")
    outbound_proxy = Setting("", "Outbound proxy URI, e.g. sip:proxy.example.com;lr.")
    local_port = Setting(0, "Local SIP port (0 = any free port).", minimum=0, maximum=65535)
    stun_servers: Setting[tuple[str, ...]] = Setting((), "STUN servers (host:port).")
    ice = Setting(False, "Use ICE for media.")
    srtp = Setting(SrtpMode.OFF, "SRTP media encryption.")
    tls_verify_server = Setting(True, "Verify the registrar's TLS certificate.")
    tls_ca_file = Setting("", "CA bundle for TLS (empty = system default).")
    dtmf_method = Setting(DtmfMethod.RFC2833, "How DTMF is sent.")
    register_expires_s = Setting(300, "Registration lifetime in seconds.", minimum=30, maximum=86400)
    retry_max_s = Setting(60.0, "Longest wait between re-registration attempts.", minimum=1, maximum=3600)
    auto_answer = Setting(False, "Auto-answer dialer calls that ask for it.")
    register = Setting(True, "Register with a registrar (off = direct-IP local account).")
    log_level = Setting(1, "pjsua2 log verbosity (0-6).", minimum=0, maximum=6)
    watch_network = Setting(True, "Re-register when the local addresses change.")
    accept_only_from_servers = Setting(
        True,
        "Accept calls only from the registrar and the outbound proxy (others get 403); "
        "applies when either is configured.",
    )
    remote_transfer_allowed_pattern = Setting(
        "",
        "Regular expression a number must match in full for the far end to transfer the call "
        "there (REFER); empty = refuse every remote transfer.",
    )


class Crm(Section):
    name = "crm"
    base_url = Setting("", "Central CRM API base URL (empty = embedded reference CRM).")
    ca_file = Setting("", "CA bundle for the CRM's TLS certificate (empty = system default).")
    sync_interval_s = Setting(30.0, "How often incremental sync runs.", minimum=1, maximum=86400)
    timeout_s = Setting(10.0, "HTTP timeout for CRM requests.", minimum=1, maximum=600)
    auth_retry_s = Setting(
        30.0,
        "While the CRM refuses the token: how often the keyring and the CRM are checked again.",
        minimum=1,
        maximum=3600,
    )


class Ui(Section):
    name = "ui"
    language = Setting(Language.AUTO, "UI language.")
    default_region = Setting("RU", "Region for numbers dialled without a country code.")
    ringtone = Setting(True, "Play a ringtone for incoming calls.")
    tray_notifications = Setting(True, "Show a tray notification for incoming calls.")


class Headset(Section):
    name = "headset"
    enabled = Setting(
        True,
        "Answer, hang up, mute and hold calls with a USB headset's buttons, and show the call on its lights.",
    )


class NotReadyCalls(enum.StrEnum):
    BUSY = "busy"  # refused with 486 Busy Here, the do-not-disturb button untouched
    DND = "dnd"  # the window's do-not-disturb switch is turned on (and off again when ready)


class Agent(Section):
    name = "agent"
    not_ready_calls = Setting(
        NotReadyCalls.BUSY,
        "While not ready or on a break: refuse incoming calls with 486 Busy Here "
        "(busy), or turn the window's do-not-disturb switch on (dnd).",
    )


class Audio(Section):
    """Sound devices are kept as [device id, name] (``softphone.audio.devices.DevicePreference``);
    an empty list means the system default."""

    name = "audio"
    microphone: Setting[tuple[str, ...]] = Setting(
        (), "Microphone for calls: [device id, name]; empty = system default."
    )
    speaker: Setting[tuple[str, ...]] = Setting(
        (), "Speaker or headset for calls: [device id, name]; empty = system default."
    )
    ringer: Setting[tuple[str, ...]] = Setting(
        (), "Where the ringtone plays: [device id, name]; empty = system default."
    )
    follow_new_headset = Setting(
        True, "A sound device plugged in while the app runs becomes the call device at once."
    )
    speaker_volume = Setting(100, "Call volume in the speaker or headset, in %.", minimum=0, maximum=100)
    microphone_volume = Setting(100, "Microphone volume, in %.", minimum=0, maximum=100)
    echo_cancellation = Setting(
        False, "Cancel the echo of the speaker in the microphone (for desks without a headset)."
    )
    noise_suppression = Setting(False, "Suppress steady background noise in the microphone.")


class Store(Section):
    name = "store"
    path = Setting("", "Local database file (empty = per-user data directory).")


class Recording(Section):
    """Call recording policy; IT locks ``recording.enabled`` in the machine-wide file."""

    name = "recording"
    enabled = Setting(
        False,
        "Record calls (both sides) for quality review, where the call's shop allows it.",
    )
    retention_days = Setting(
        90, "Days a call recording is kept on this computer before it is deleted.", minimum=1, maximum=3650
    )


SECTIONS: tuple[type[Section], ...] = (Sip, Crm, Ui, Audio, Headset, Recording, Agent, Store)

ALL_SETTINGS: tuple[Setting[Any], ...] = tuple(spec for section in SECTIONS for spec in section.settings())

BY_KEY: dict[str, Setting[Any]] = {spec.key: spec for spec in ALL_SETTINGS}
