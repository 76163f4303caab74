"""The chord network (`ChordCNN`) and its weights file: the PyTorch side of
`Sources/PerformiaNeural/ChordCNN.swift`. The Swift runtime must compute exactly what
`ChordCNN.forward` computes.

A small fully convolutional chord classifier over the semitone band spectrum in the manner of
Korzeniowski & Widmer, "A fully convolutional deep auditory model for musical chord recognition"
(MLSP 2016), with the frame-wise front and dilated residual blocks of the beat network
(beat_model.py) instead of 2-D convolutions (the runtime has 1-D ones):

    input s_t (B values): the log band spectrum (B semitone bands, `performia-eval spectrum`)
    norm:   x_t = (s_t - norm.mean) * norm.scale          (per band; the training data's statistics)
    front:  h = elu(W_f x_t + b_f)                       (C)
    block i (dilation d = 2^i, kernel K, centred, zero outside [0, T)):
            y = elu(sum_j W_ij h_{t + o_j d} + b_i)      offsets o_j = -(K-1)/2 … (K-1)/2
            h = h + W_ri y + b_ri                        (1×1)
    head:   p_t = softmax(W_h h_t + b_h)                 (Q = 1 + 12 × 2 classes)

Classes: 0 = no chord (N), 1 + 2 × root + 0 = root major, 1 + 2 × root + 1 = root minor (root 0 = C).
Only major and minor triads: the training charts (make_beat_data.py) have no others. Sevenths
and the rarer qualities are left to the NNLS chroma in the chord HMM (ChordRecognizer).

Weights file: the `performia-nn` format of beat_model.py. Metadata: model=chord-cnn, bands,
channels, kernel, layers, classes, plus provenance. Tensors (PyTorch layout):
    norm.mean [B], norm.scale [B], front.weight [C, B], front.bias [C],
    blocks.i.conv.weight [C, C, K], blocks.i.conv.bias [C], blocks.i.mix.weight [C, C], blocks.i.mix.bias [C],
    head.weight [Q, C], head.bias [Q]
"""
import struct

import torch
import torch.nn as nn
import torch.nn.functional as F

from beat_model import MAGIC, VERSION, Block, tensors

CLASSES = 25


class ChordCNN(nn.Module):
    def __init__(self, bands, channels=48, kernel=5, layers=6, dropout=0.1):
        super().__init__()
        assert kernel % 2 == 1, 'a centred kernel has an odd size'
        self.config = dict(bands=bands, channels=channels, kernel=kernel, layers=layers, classes=CLASSES)
        self.norm = nn.Module()
        self.norm.register_buffer('mean', torch.zeros(bands))
        self.norm.register_buffer('scale', torch.ones(bands))
        self.front = nn.Linear(bands, channels)
        self.blocks = nn.ModuleList([Block(channels, kernel, 2 ** i, False, dropout) for i in range(layers)])
        self.head = nn.Linear(channels, CLASSES)
        self.dropout = nn.Dropout(dropout)

    def logits(self, s):
        """s: [N, T, B] log band spectrum -> logits [N, T, Q]."""
        h = self.dropout(F.elu(self.front((s - self.norm.mean) * self.norm.scale)))
        h = h.transpose(1, 2)
        for block in self.blocks:
            h = block(h)
        return self.head(h.transpose(1, 2))

    def forward(self, s):
        return torch.softmax(self.logits(s), dim=-1)

    def receptive_frames(self):
        return 1 + sum((self.config['kernel'] - 1) * 2 ** i for i in range(self.config['layers']))


def save(model, path, provenance=None):
    meta = dict(model='chord-cnn', **model.config)
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
