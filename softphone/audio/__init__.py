"""Call audio without Qt: the frame format, the ring buffers between pjmedia's clock thread and the
sound system's thread, the per-call audio pipeline (mute, volume, level, echo cancellation), device
identity and choice, and the device watchers (see docs/ARCHITECTURE.md, "Audio path")."""
