"""The E-model against ITU-T G.107's published figures, and how loss and delay move it."""

from __future__ import annotations

import pytest

from softphone.domain.emodel import (
    POOR_MOS,
    Parameters,
    burst_ratio,
    codec_impairment,
    effective_equipment_impairment,
    estimate,
    mos_from_rating,
    rating,
)


def test_default_parameters_give_the_published_rating() -> None:
    # G.107 §3 / Table 3: "the default values ... result in a rating of R = 93.2"
    assert rating(Parameters()) == pytest.approx(93.2, abs=0.05)
    assert mos_from_rating(93.2) == pytest.approx(4.41, abs=0.005)


@pytest.mark.parametrize(
    ("r", "mos"),
    # G.107 Annex B, Table B.1: R 90/80/70/60/50 -> MOS 4.34/4.03/3.60/3.10/2.58
    [(90, 4.34), (80, 4.03), (70, 3.60), (60, 3.10), (50, 2.58)],
)
def test_rating_to_mos_follows_annex_b(r: float, mos: float) -> None:
    assert mos_from_rating(r) == pytest.approx(mos, abs=0.01)


def test_mos_is_bounded() -> None:
    assert mos_from_rating(-5) == 1.0 and mos_from_rating(0) == 1.0
    assert mos_from_rating(100) == 4.5 and mos_from_rating(120) == 4.5


def test_effective_equipment_impairment_with_loss_and_bursts() -> None:
    # G.711 without concealment (Bpl 4.3, G.113 App. I) at 1 % random loss: 95 * 1 / (1 + 4.3)
    assert effective_equipment_impairment(0, 4.3, 1, 1) == pytest.approx(17.92, abs=0.01)
    assert effective_equipment_impairment(0, 25.1, 0, 1) == 0
    random = effective_equipment_impairment(0, 25.1, 5, 1)
    bursty = effective_equipment_impairment(0, 25.1, 5, 2)
    assert bursty > random  # the same loss in bursts hurts more
    assert effective_equipment_impairment(0, 25.1, 100, 1) == pytest.approx(95 * 100 / (100 + 25.1))


def test_absolute_delay_impairment_starts_past_100_ms() -> None:
    near = rating(Parameters(ta=100))
    assert near == pytest.approx(rating(Parameters()), abs=1e-9)  # Idd = 0 up to mT = 100 ms
    # X = log2(200/100) = 1: Idd = 25 * ((1 + 1)^(1/6) - 3 * (1 + (1/3)^6)^(1/6) + 2) = 3.04
    assert near - rating(Parameters(ta=200)) == pytest.approx(3.04, abs=0.01)


def test_pcmu_mos_falls_as_loss_and_delay_grow() -> None:
    clean = estimate("PCMU", 0, 1, 20).mos
    assert clean == pytest.approx(4.4, abs=0.05)  # ~4.4 for G.711 on a short path
    losses = [estimate("PCMU", loss, 1, 20).mos for loss in (0, 1, 2, 5, 10, 20)]
    assert losses == sorted(losses, reverse=True)
    assert estimate("PCMU", 5, 1, 20).mos < POOR_MOS + 0.35  # 5 % loss is noticeably worse
    assert estimate("PCMU", 10, 1, 20).mos < POOR_MOS
    delays = [estimate("PCMA", 0, 1, d).mos for d in (0, 150, 300, 500)]
    assert delays == sorted(delays, reverse=True) and delays[-1] < POOR_MOS


def test_codecs_and_burst_ratio() -> None:
    assert codec_impairment("PCMU") == codec_impairment("pcma/8000")
    assert codec_impairment("opus/48000/2").ie == 0
    assert codec_impairment("speex/16000").ie > 0
    assert burst_ratio(0, 3) == 1.0
    assert burst_ratio(0.1, 1 / 0.9) == pytest.approx(1.0)  # random loss: mean run 1 / (1 - p)
    assert burst_ratio(0.1, 3) == pytest.approx(2.7)
