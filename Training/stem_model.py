"""The live four-stem separator (`StemTCN`) and its weights file: the PyTorch side of the Swift runtime
that a later session writes. The Swift runtime must compute exactly what `StemTCN.forward` computes.

A band-split front end (Luo & Yu, "Music source separation with band-split RNN", 2023) feeding a causal
temporal convolutional network (the TCN of beat_model.py / Davies & Böck 2019) instead of the BSRNN's
RNNs, with Open-Unmix's bottleneck-and-skip decoder (Stöter et al. 2019), predicting one soft mask per
stem with a softmax across the four stems, so that the four stems always sum to the mixture.

Two models share this code: the live one (causal=1, convolutions over frames t, t-1, ...) and the
offline one (causal=0: centred convolutions, ±255 frames = ±3 s of context, for whole files).

Signal path (mono, 44.1 kHz; a stereo input is separated per channel):
    STFT: n_fft 1024, hop 512, periodic sqrt-Hann analysis and synthesis windows (their product, Hann,
          overlaps-adds to 1 at hop 512). Algorithmic latency: one window, 1024 samples = 23.2 ms at
          44.1 kHz (21.3 ms at 48 kHz); the network is causal in frames (it reads frames t, t-1, ...).
    F = 513 bins X_t[f] (complex). Input feature  u_t[f] = (log(|X_t[f]| + 1e-4) - mean[f]) * scale[f]
    band split: bands b = 0..K-1 cover bins [e_b, e_{b+1}) (BAND_EDGES, K = 32);
          z_t[b] = elu(W_b u_t[e_b:e_{b+1}] + c_b)       (D values per band; W_b: [D, width_b])
    bottleneck: h_t = LN_0(elu(W_in concat_b z_t[b] + b_in))  (C)
          LN(v) = gamma * (v - mean(v)) / sqrt(var(v) + 1e-5) + beta over the C channels of one frame (causal)
    block i = 0..L-1 (dilation 2^i, kernel K_t, causal offsets -(K_t-1)..0, zeros before frame 0):
          n = LN_i(h) per frame;  y = elu(sum_j W_ij n_{t + (j-(K_t-1)) 2^i} + b_i);   h = h + W_ri y + b_ri
    decoder: g_t = elu(W_d1 [h_t ; bottleneck_t] + b_d1)  (C)
             m_t = W_d2 g_t + b_d2                          (4·F logits, stem-major: drums, bass, other, vocals)
    masks: M_t[s, f] = softmax over s of m_t[s, f];  stem s = ISTFT(M_t[s] · X_t)

Layers the Swift runtime needs: STFT/ISTFT (sqrt-Hann, overlap-add), log magnitude + per-bin affine,
Dense (per band on a slice of the input, and full), ELU, frame-wise LayerNorm, causal streaming
DilatedConv1D with residual (StreamingDilatedConv exists), concatenation, a softmax across 4 values per
bin. No recurrent layer. The frame-wise layer norms (pre-norm in every block, as Conv-TasNet's channel-wise
norm, Luo & Mesgarani 2019) keep the residual stack trainable: without them the first run settled on
constant masks.

Weights file: beat_model.py's `performia-nn` version 1 (magic PFNN, metadata, float32 tensors in PyTorch
layout). Metadata: model=stem-tcn, n_fft, hop, band_edges (comma list), band_channels (D), channels (C),
kernel, layers, causal=1, stems=drums,bass,other,vocals, plus provenance. Tensors (PyTorch layout):
    input_mean [F], input_scale [F], bands.b.weight [D, width_b], bands.b.bias [D],
    bottleneck.weight [C, K·D], bottleneck.bias [C], norm.weight [C], norm.bias [C],
    blocks.i.norm.weight [C], blocks.i.norm.bias [C], blocks.i.conv.weight [C, C, K_t], blocks.i.conv.bias [C], blocks.i.mix.weight [C, C], blocks.i.mix.bias [C],
    dec1.weight [C, 2C], dec1.bias [C], dec2.weight [4F, C], dec2.bias [4F]
"""
import math
import os
import struct
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from beat_model import MAGIC, VERSION  # noqa: E402  (the same file format)

STEMS = ('drums', 'bass', 'other', 'vocals')
SR = 44100
N_FFT = 1024
HOP = 512
BINS = N_FFT // 2 + 1


def band_edges():
    """Bin edges of the band split: 2-bin bands below ~500 Hz, widening to 64 bins at the top (K = 32)."""
    edges = [0]
    for width, upto in ((2, 12), (4, 48), (8, 96), (16, 192), (32, 384), (64, 513)):
        while edges[-1] < upto:
            edges.append(min(edges[-1] + width, upto))
    if edges[-1] - edges[-2] < 8:  # no sliver at the top
        edges.pop(-2)
    return edges


BAND_EDGES = band_edges()


def window():
    return torch.sqrt(torch.hann_window(N_FFT, periodic=True))


def stft(x):
    """x: [N, samples] -> complex [N, F, T] (frame t centred on sample t·HOP, zeros outside)."""
    return torch.stft(x, N_FFT, HOP, window=window().to(x.device), center=True, pad_mode='constant',
                      return_complex=True)


def istft(X, length):
    return torch.istft(X, N_FFT, HOP, window=window().to(X.device), center=True, length=length)


class NormBlock(nn.Module):
    """beat_model.Block with a frame-wise layer norm before the dilated convolution (pre-norm residual)."""

    def __init__(self, channels, kernel, dilation, causal, dropout):
        super().__init__()
        self.norm = nn.LayerNorm(channels)
        self.conv = nn.Conv1d(channels, channels, kernel, dilation=dilation)
        self.mix = nn.Linear(channels, channels)
        self.kernel, self.dilation, self.causal = kernel, dilation, causal
        self.dropout = nn.Dropout(dropout)

    def forward(self, h):  # h: [N, C, T]
        span = (self.kernel - 1) * self.dilation
        pad = (span, 0) if self.causal else (span // 2, span - span // 2)
        n = self.norm(h.transpose(1, 2)).transpose(1, 2)
        y = self.dropout(F.elu(self.conv(F.pad(n, pad))))
        return h + self.mix(y.transpose(1, 2)).transpose(1, 2)


class StemTCN(nn.Module):
    def __init__(self, band_channels=32, channels=192, kernel=3, layers=8, dropout=0.0, causal=True):
        super().__init__()
        assert causal or kernel % 2 == 1, 'a centred model needs an odd kernel'
        self.config = dict(n_fft=N_FFT, hop=HOP, band_edges=','.join(map(str, BAND_EDGES)),
                           band_channels=band_channels, channels=channels, kernel=kernel, layers=layers,
                           causal=int(causal), stems=','.join(STEMS))
        self.register_buffer('input_mean', torch.zeros(BINS))
        self.register_buffer('input_scale', torch.ones(BINS))
        widths = [b - a for a, b in zip(BAND_EDGES[:-1], BAND_EDGES[1:])]
        self.bands = nn.ModuleList([nn.Linear(w, band_channels) for w in widths])
        self.bottleneck = nn.Linear(len(widths) * band_channels, channels)
        self.norm = nn.LayerNorm(channels)
        self.blocks = nn.ModuleList([NormBlock(channels, kernel, 2 ** i, causal, dropout) for i in range(layers)])
        self.dec1 = nn.Linear(2 * channels, channels)
        self.dec2 = nn.Linear(channels, len(STEMS) * BINS)

    def features(self, X):
        """complex [N, F, T] -> normalised log magnitude [N, T, F]."""
        u = torch.log(X.abs() + 1e-4).transpose(1, 2)
        return (u - self.input_mean) * self.input_scale

    def masks(self, X):
        """complex mixture STFT [N, F, T] -> masks [N, 4, F, T] summing to 1 over the stems."""
        u = self.features(X)
        z = torch.cat([F.elu(band(u[..., a:b])) for band, a, b in zip(self.bands, BAND_EDGES[:-1], BAND_EDGES[1:])],
                      dim=-1)
        b = self.norm(F.elu(self.bottleneck(z)))  # [N, T, C]
        h = b.transpose(1, 2)
        for block in self.blocks:
            h = block(h)
        g = F.elu(self.dec1(torch.cat([h.transpose(1, 2), b], dim=-1)))
        m = self.dec2(g)  # [N, T, 4F]
        n, t, _ = m.shape
        m = m.view(n, t, len(STEMS), BINS).permute(0, 2, 3, 1)
        return torch.softmax(m, dim=1)

    def forward(self, X):
        """complex mixture STFT [N, F, T] -> complex stem STFTs [N, 4, F, T]."""
        return self.masks(X) * X.unsqueeze(1)

    def separate(self, x):
        """waveform [N, samples] -> stems [N, 4, samples] (sum = x up to the STFT round trip)."""
        Y = self(stft(x))
        n, s, f, t = Y.shape
        return istft(Y.reshape(n * s, f, t), x.shape[-1]).view(n, s, -1)

    def receptive_frames(self):
        return 1 + sum((self.config['kernel'] - 1) * 2 ** i for i in range(self.config['layers']))

    def latency_samples(self):
        """Algorithmic latency of the streaming form (causal models only): one window."""
        return N_FFT if self.config['causal'] else None


def parameter_count(model):
    return sum(p.numel() for p in model.parameters())


def save(model, path, provenance=None):
    meta = dict(model='stem-tcn', **model.config)
    meta.update(provenance or {})
    text = ''.join('%s=%s\n' % (k, str(v).replace('\n', ' ')) for k, v in meta.items()).encode('utf-8')
    items = [(n, v.detach().to(torch.float32).contiguous()) for n, v in model.state_dict().items()]
    with open(path, 'wb') as f:
        f.write(MAGIC + struct.pack('<II', VERSION, len(text)) + text + struct.pack('<I', len(items)))
        for name, value in items:
            encoded = name.encode('utf-8')
            f.write(struct.pack('<H', len(encoded)) + encoded + struct.pack('<BB', 1, value.dim()))
            f.write(struct.pack('<%dI' % value.dim(), *value.shape))
            f.write(value.numpy().astype('<f4').tobytes())


def load(path):
    """A `StemTCN` from a weights file (for checks and parity fixtures)."""
    with open(path, 'rb') as f:
        data = f.read()
    assert data[:4] == MAGIC, '%s: not a performia-nn weights file' % path
    version, meta_len = struct.unpack_from('<II', data, 4)
    assert version == VERSION
    offset = 12
    meta = dict(line.split('=', 1) for line in data[offset:offset + meta_len].decode('utf-8').splitlines() if line)
    offset += meta_len
    (count,) = struct.unpack_from('<I', data, offset)
    offset += 4
    state = {}
    for _ in range(count):
        (n,) = struct.unpack_from('<H', data, offset)
        name = data[offset + 2:offset + 2 + n].decode('utf-8')
        offset += 2 + n
        dtype, rank = struct.unpack_from('<BB', data, offset)
        offset += 2
        shape = struct.unpack_from('<%dI' % rank, data, offset)
        offset += 4 * rank
        size = math.prod(shape)
        state[name] = torch.frombuffer(bytearray(data[offset:offset + 4 * size]), dtype=torch.float32).reshape(shape)
        offset += 4 * size
    assert meta.get('model') == 'stem-tcn' and meta['band_edges'] == ','.join(map(str, BAND_EDGES))
    model = StemTCN(int(meta['band_channels']), int(meta['channels']), int(meta['kernel']), int(meta['layers']),
                    causal=meta['causal'] == '1')
    model.load_state_dict(state)
    return model, meta


if __name__ == '__main__':
    m = StemTCN()
    print('bands', len(BAND_EDGES) - 1, BAND_EDGES)
    print('parameters', parameter_count(m), 'receptive frames', m.receptive_frames(),
          'latency %d samples = %.1f ms' % (m.latency_samples(), 1000.0 * m.latency_samples() / SR))
