"""The beat and downbeat network (`BeatTCN`) and its weights file: the PyTorch side of
`Sources/PerformiaNeural`. The Swift runtime must compute exactly what `BeatTCN.forward` computes.

A multi-task temporal convolutional network in the manner of Davies & Böck ("Temporal
convolutional networks for musical audio beat tracking", EUSIPCO 2019) and Böck & Davies
("Deconstruct, analyse, reconstruct: how to improve tempo, beat, and downbeat estimation",
ISMIR 2020), made small and frame-wise in front so that its causal form streams one frame at a
time:

    input x_t (2B values): [s_t, max(0, s_t - s_{t-1})], s = the log band spectrum (B bands,
                           `performia-eval features`), s_{-1} = s_0
    front:  h = elu(W_f1 x + b_f1)              (C)
            h = elu(W_f2 h + b_f2)              (C)
    block i (dilation d = 2^i, kernel K):
            y = elu(sum_j W_ij h_{t + o_j d} + b_i)     offsets o_j: centred (-(K-1)/2 … (K-1)/2)
                                                        or causal (-(K-1) … 0); zero outside [0, T)
            h = h + W_ri y + b_ri               (1×1)
    heads:  beat_t = sigmoid(w_b · h_t + b_b), downbeat_t = sigmoid(w_d · h_t + b_d)

Weights file (little-endian), `performia-nn` version 1:
    magic  b'PFNN', u32 version (1), u32 metadata byte count, metadata (UTF-8 'key=value' lines),
    u32 tensor count, then per tensor: u16 name byte count, name (UTF-8), u8 dtype (1 = float32),
    u8 rank, rank × u32 dims, prod(dims) × float32.
Metadata keys: model=beat-tcn, bands, channels, kernel, layers, causal (0/1), plus free-form
provenance (commit, seed, data, scores).
Tensor names and shapes (PyTorch layout, [out, in] / [out, in, K]):
    front.0.weight [C, 2B], front.0.bias [C], front.1.weight [C, C], front.1.bias [C],
    blocks.i.conv.weight [C, C, K], blocks.i.conv.bias [C], blocks.i.mix.weight [C, C], blocks.i.mix.bias [C],
    head.weight [2, C], head.bias [2]       (row 0 beat, row 1 downbeat)
"""
import struct

import torch
import torch.nn as nn
import torch.nn.functional as F

MAGIC = b'PFNN'
VERSION = 1


def network_input(spec):
    """[T, B] log band spectrum -> [T, 2B] network input (spectrum, positive difference)."""
    prev = torch.cat([spec[:1], spec[:-1]], dim=0)
    return torch.cat([spec, torch.clamp(spec - prev, min=0)], dim=1)


class Block(nn.Module):
    def __init__(self, channels, kernel, dilation, causal, dropout):
        super().__init__()
        self.conv = nn.Conv1d(channels, channels, kernel, dilation=dilation)
        self.mix = nn.Linear(channels, channels)
        self.kernel, self.dilation, self.causal = kernel, dilation, causal
        self.dropout = nn.Dropout(dropout)

    def forward(self, h):  # h: [N, C, T]
        span = (self.kernel - 1) * self.dilation
        pad = (span, 0) if self.causal else (span // 2, span - span // 2)
        y = F.elu(self.conv(F.pad(h, pad)))
        y = self.dropout(y)
        return h + self.mix(y.transpose(1, 2)).transpose(1, 2)


class BeatTCN(nn.Module):
    def __init__(self, bands, channels=32, kernel=5, layers=10, causal=False, dropout=0.1):
        super().__init__()
        assert causal or kernel % 2 == 1, 'a centred kernel has an odd size'
        self.config = dict(bands=bands, channels=channels, kernel=kernel, layers=layers, causal=int(causal))
        self.front = nn.ModuleList([nn.Linear(2 * bands, channels), nn.Linear(channels, channels)])
        self.blocks = nn.ModuleList([Block(channels, kernel, 2 ** i, causal, dropout) for i in range(layers)])
        self.head = nn.Linear(channels, 2)
        self.dropout = nn.Dropout(dropout)

    def logits(self, x):
        """x: [N, T, 2B] -> logits [N, T, 2] (beat, downbeat)."""
        h = F.elu(self.front[0](x))
        h = self.dropout(F.elu(self.front[1](h)))
        h = h.transpose(1, 2)
        for block in self.blocks:
            h = block(h)
        return self.head(h.transpose(1, 2))

    def forward(self, x):
        return torch.sigmoid(self.logits(x))

    def receptive_frames(self):
        return 1 + sum((self.config['kernel'] - 1) * 2 ** i for i in range(self.config['layers']))


def tensors(model):
    """(name, float32 tensor) in file order, PyTorch layouts as documented above."""
    out = []
    for name, value in model.state_dict().items():
        out.append((name, value.detach().to(torch.float32).contiguous()))
    return out


def save(model, path, provenance=None):
    meta = dict(model='beat-tcn', **model.config)
    meta.update(provenance or {})
    text = ''.join('%s=%s\n' % (k, str(v).replace('\n', ' ')) for k, v in meta.items()).encode('utf-8')
    items = tensors(model)
    with open(path, 'wb') as f:
        f.write(MAGIC + struct.pack('<II', VERSION, len(text)) + text + struct.pack('<I', len(items)))
        for name, value in items:
            encoded = name.encode('utf-8')
            f.write(struct.pack('<H', len(encoded)) + encoded + struct.pack('<BB', 1, value.dim()))
            f.write(struct.pack('<%dI' % value.dim(), *value.shape))
            f.write(value.numpy().astype('<f4').tobytes())


def load(path):
    """A `BeatTCN` from a weights file (for resuming and checks)."""
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
        size = 1
        for d in shape:
            size *= d
        state[name] = torch.frombuffer(bytearray(data[offset:offset + 4 * size]), dtype=torch.float32).reshape(shape)
        offset += 4 * size
    model = BeatTCN(int(meta['bands']), int(meta['channels']), int(meta['kernel']), int(meta['layers']),
                    bool(int(meta['causal'])))
    model.load_state_dict(state)
    return model, meta
