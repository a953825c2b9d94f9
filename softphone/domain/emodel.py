"""ITU-T G.107 E-model: the transmission rating R and the estimated MOS of a call.

``rating(...)`` computes R = Ro - Is - Id - Ie,eff + A with the formulas of G.107 (06/2015), §3,
every parameter at its Table 3 default unless given: with no delay and no loss R = 93.2 and the
MOS 4.41. The call-dependent inputs are the one-way (mouth-to-ear) delay T = Ta (and Tr = 2T),
which sets the delay impairment Id, and the codec's equipment impairment Ie with its packet-loss
robustness Bpl, which together with the packet loss Ppl and the burst ratio BurstR give
Ie,eff = Ie + (95 - Ie) * Ppl / (Ppl / BurstR + Bpl). ``mos_from_rating`` is G.107 Annex B.

Codec values (``CODECS``), on G.107's narrowband scale:
- PCMU/PCMA: G.711 with packet-loss concealment (pjmedia conceals lost frames): Ie 0, Bpl 25.1
  (ITU-T G.113 Appendix I; without concealment Bpl would be 4.3).
- G.722 and Opus: G.113 rates these wideband codecs only on the wideband scale (G.107.1), where
  they are better than G.711 is on this one: Ie 0 here. Their concealment works on 20 ms frames;
  Bpl 20 is our estimate, a little less robust than G.711's 10 ms PLC.
- Any other codec (speex, GSM, iLBC): Ie 10, Bpl 10, a cautious middle of G.113's low-rate codecs.
Pure Python, no I/O.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

POOR_MOS = 3.6  # below this, the call is worth a warning: "many users dissatisfied" (G.107 Table B.1)


@dataclass(frozen=True, slots=True)
class CodecImpairment:
    ie: float  # equipment impairment factor
    bpl: float  # packet-loss robustness factor


CODECS: dict[str, CodecImpairment] = {
    "pcmu": CodecImpairment(0.0, 25.1),
    "pcma": CodecImpairment(0.0, 25.1),
    "g722": CodecImpairment(0.0, 20.0),
    "opus": CodecImpairment(0.0, 20.0),
}
OTHER_CODEC = CodecImpairment(10.0, 10.0)


def codec_impairment(codec: str) -> CodecImpairment:
    """The Ie/Bpl of a codec named as SDP names it ("PCMU", "G722", "opus/48000/2")."""
    name = codec.split("/", 1)[0].strip().lower()
    return CODECS.get(name, OTHER_CODEC)


@dataclass(frozen=True, slots=True)
class Parameters:
    """G.107 Table 3 defaults; the delays in ms, the loss in percent."""

    slr: float = 8.0
    rlr: float = 2.0
    stmr: float = 15.0
    lstr: float = 18.0
    ds: float = 3.0
    dr: float = 3.0
    telr: float = 65.0
    wepl: float = 110.0
    t: float = 0.0  # mean one-way delay of the echo path
    ta: float = 0.0  # absolute (mouth-to-ear) delay
    tr: float = 0.0  # round-trip delay in a 4-wire loop
    ie: float = 0.0
    bpl: float = 4.3
    ppl: float = 0.0
    burst_r: float = 1.0
    nc: float = -70.0
    nfor: float = -64.0
    ps: float = 35.0
    pr: float = 35.0
    a: float = 0.0  # advantage factor
    qdu: float = 1.0
    mt: float = 100.0
    st: float = 1.0


def _basic_signal_to_noise(p: Parameters) -> tuple[float, float]:
    """Ro and the total noise No (§3.3)."""
    olr = p.slr + p.rlr
    nos = p.ps - p.slr - p.ds - 100 + 0.004 * (p.ps - olr - p.ds - 14) ** 2
    pre = p.pr + 10 * math.log10(1 + 10 ** ((10 - p.lstr) / 10))
    nor = p.rlr - 121 + pre + 0.008 * (pre - 35) ** 2
    nfo = p.nfor + p.rlr
    no = 10 * math.log10(10 ** (p.nc / 10) + 10 ** (nos / 10) + 10 ** (nor / 10) + 10 ** (nfo / 10))
    return 15 - 1.5 * (p.slr + no), no


def _simultaneous(p: Parameters, ro: float, no: float) -> float:
    """Is = Iolr + Ist + Iq (§3.4)."""
    olr = p.slr + p.rlr
    xolr = olr + 0.2 * (64 + no - p.rlr)
    iolr = 20 * ((1 + (xolr / 8) ** 8) ** (1 / 8) - xolr / 8)
    stmro = -10 * math.log10(10 ** (-p.stmr / 10) + math.exp(-p.t / 4) * 10 ** (-p.telr / 10))
    ist = (
        12 * (1 + ((stmro - 13) / 6) ** 8) ** (1 / 8)
        - 28 * (1 + ((stmro + 1) / 19.4) ** 35) ** (1 / 35)
        - 13 * (1 + ((stmro - 3) / 33) ** 13) ** (1 / 13)
        + 29
    )
    q = 37 - 15 * math.log10(p.qdu)
    g = 1.07 + 0.258 * q + 0.0602 * q**2
    y = (ro - 100) / 15 + 46 / 8.4 - g / 9
    z = 46 / 30 - g / 40
    iq = 15 * math.log10(1 + 10**y + 10**z)
    return float(iolr + ist + iq)


def _delay(p: Parameters, ro: float, no: float) -> float:
    """Id = Idte + Idle + Idd (§3.5). G.107's TERV correction for a sidetone (STMR) below 9 dB is
    not modelled: the softphone rates calls at the default 15 dB."""
    terv = p.telr - 40 * math.log10((1 + p.t / 10) / (1 + p.t / 150)) + 6 * math.exp(-0.3 * p.t**2)
    roe = -1.5 * (no - p.rlr)
    re = 80 + 2.5 * (terv - 14)
    idte = ((roe - re) / 2 + math.sqrt((roe - re) ** 2 / 4 + 100) - 1) * (1 - math.exp(-p.t))
    rle = 10.5 * (p.wepl + 7) * (p.tr + 1) ** (-0.25)
    idle = (ro - rle) / 2 + math.sqrt((ro - rle) ** 2 / 4 + 169)
    idd = 0.0
    if p.ta > p.mt:
        x = math.log10(p.ta / p.mt) / math.log10(2)
        idd = 25 * (
            (1 + x ** (6 * p.st)) ** (1 / (6 * p.st))
            - 3 * (1 + (x / 3) ** (6 * p.st)) ** (1 / (6 * p.st))
            + 2
        )
    return float(idte + idle + idd)


def effective_equipment_impairment(ie: float, bpl: float, ppl: float, burst_r: float) -> float:
    """Ie,eff (§3.6): the codec's impairment grown by packet loss ``ppl`` (percent)."""
    ppl = max(0.0, min(ppl, 100.0))
    burst_r = max(burst_r, 1e-3)
    return ie + (95 - ie) * ppl / (ppl / burst_r + bpl)


def rating(p: Parameters) -> float:
    """The transmission rating R."""
    ro, no = _basic_signal_to_noise(p)
    ie_eff = effective_equipment_impairment(p.ie, p.bpl, p.ppl, p.burst_r)
    return ro - _simultaneous(p, ro, no) - _delay(p, ro, no) - ie_eff + p.a


def mos_from_rating(r: float) -> float:
    """G.107 Annex B: the estimated MOS (conversational quality, 1 to 4.5)."""
    if r <= 0:
        return 1.0
    if r >= 100:
        return 4.5
    return 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6


@dataclass(frozen=True, slots=True)
class Estimate:
    r: float
    mos: float


def estimate(codec: str, loss_pct: float, burst_ratio: float, one_way_delay_ms: float) -> Estimate:
    """The E-model's R and MOS for a call: its codec, packet loss (percent, with the burst ratio:
    1 for random loss) and mouth-to-ear delay (ms). Delay enters as T = Ta and Tr = 2T."""
    codec_values = codec_impairment(codec)
    delay = max(0.0, one_way_delay_ms)
    r = rating(
        Parameters(
            t=delay,
            ta=delay,
            tr=2 * delay,
            ie=codec_values.ie,
            bpl=codec_values.bpl,
            ppl=loss_pct,
            burst_r=max(1.0, burst_ratio),
        )
    )
    return Estimate(r, mos_from_rating(r))


def burst_ratio(loss_fraction: float, mean_burst_packets: float) -> float:
    """BurstR (§3.6): the mean length of loss bursts seen, over the mean length random loss of the
    same rate would give, 1 / (1 - p). 1 when nothing was lost."""
    if loss_fraction <= 0 or mean_burst_packets <= 0:
        return 1.0
    return max(1.0, mean_burst_packets * (1 - min(loss_fraction, 0.99)))
