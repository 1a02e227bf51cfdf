#!/usr/bin/env python3
"""Writes the hostile-file corpus (this directory and its MANIFEST) and the fuzzers' seed corpora
(tests/fuzz/corpus/<target>/), deterministically: running it again gives the same bytes.

    python3 tests/data/hostile/make_hostile.py

Every hostile file is a small valid file with one thing wrong. MANIFEST has one line per file: its
name, a tab, and the text ctnet's error message must contain (with the byte offset where the
library reports one); tests/unit/io/test_hostile_files.cpp loads each file (a .safetensors into
the network below, anything else with ctnet::idx::read) and checks it. The valid safetensors file
is the one ctnet writes (compact JSON with sorted keys, padded with spaces to a multiple of 8, the
tensors in Keras's variable order); the test checks that too. Standard library only.
"""
import gzip
import json
import math
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
FUZZ = os.path.join(HERE, '..', '..', 'fuzz', 'corpus')

# The variables of cn::sequential<cn::input<4>, cn::batch_norm<>, cn::dense<6, cn::prelu>,
# cn::dense<5>, cn::batch_norm<>, cn::relu, cn::dense<3, cn::softmax>> in ctnet's order
# (ctnet::weight_slots; tests/unit/io/test_weights.cpp pins them). dense_1's bias is dropped by
# ctnet (a batch norm follows); a Keras file holds it and ctnet folds it into the moving mean.
SLOTS = [
    ('batch_normalization/gamma', [4]), ('batch_normalization/beta', [4]),
    ('batch_normalization/moving_mean', [4]), ('batch_normalization/moving_variance', [4]),
    ('dense/kernel', [4, 6]), ('dense/bias', [6]), ('p_re_lu/alpha', [6]),
    ('dense_1/kernel', [6, 5]), ('batch_normalization_1/gamma', [5]), ('batch_normalization_1/beta', [5]),
    ('batch_normalization_1/moving_mean', [5]), ('batch_normalization_1/moving_variance', [5]),
    ('dense_2/kernel', [5, 3]), ('dense_2/bias', [3]),
]
METADATA = {'ctnet_version': '0.1.0', 'format': 'ctnet',
            'network': 'input(4) batch_norm dense(6,prelu) dense(5,linear) batch_norm relu dense(3,softmax)'}


def count(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def values(name, n):
    """Exactly representable floats, variances in [0.5, 1), other values in [-0.78, 0.78]."""
    salt = sum(name.encode())
    if name.endswith('/moving_variance'):
        return [0.5 + ((salt + 3 * i) % 8) / 16 for i in range(n)]
    return [(((salt + 37 * i) % 201) - 100) / 128 for i in range(n)]


def tensors(slots=SLOTS):
    """[(name, dtype, shape, data bytes)] in data-area order."""
    return [(n, 'F32', s, struct.pack('<%df' % count(s), *values(n, count(s)))) for n, s in slots]


def safetensors(ts, metadata=METADATA, edit=None):
    """The file ctnet writes for tensors ts; edit(header_dict) may change the header first."""
    h = {}
    if metadata is not None:
        h['__metadata__'] = metadata
    at = 0
    for name, dtype, shape, data in ts:
        h[name] = {'dtype': dtype, 'shape': shape, 'data_offsets': [at, at + len(data)]}
        at += len(data)
    if edit:
        edit(h)
    return with_header(json.dumps(h, sort_keys=True, separators=(',', ':')), b''.join(t[3] for t in ts))


def with_header(text, data):
    text += ' ' * ((8 - len(text) % 8) % 8)
    return struct.pack('<Q', len(text)) + text.encode() + data


def data_start(b):
    return 8 + struct.unpack('<Q', b[:8])[0]


def offset_of(ts, name):
    at = 0
    for n, _, _, data in ts:
        if n == name:
            return at
        at += len(data)
    raise KeyError(name)


def set_float(b, at, v):
    return b[:at] + struct.pack('<f', v) + b[at + 4:]


def idx_file(dims, payload, magic=None):
    head = bytes(magic) if magic else bytes([0, 0, 8, len(dims)])
    return head + b''.join(struct.pack('>I', d) for d in dims) + payload


def gz(b):
    return gzip.compress(b, compresslevel=9, mtime=0)


def main():
    good_ts = tensors()
    good = safetensors(good_ts)
    ds = data_start(good)
    size = len(good) - ds
    keras_ts = tensors(SLOTS[:8] + [('dense_1/bias', [5])] + SLOTS[8:])  # what Keras writes: the bias kept
    keras = safetensors(keras_ts, metadata=None)

    def edited(f):
        return safetensors(good_ts, edit=f)

    def tensor_edit(name, key, value):
        def f(h):
            h[name][key] = value
        return edited(f)

    files = []  # (name, bytes, expected text)

    def add(name, b, expected):
        files.append((name, b, expected))

    # safetensors: the length field and the header.
    add('st_empty.safetensors', b'', 'at byte 0: the file is 0 bytes long')
    add('st_truncated_length.safetensors', good[:5],
        'at byte 0: the file is 5 bytes long; a safetensors file starts with an 8-byte header length')
    add('st_truncated_header.safetensors', good[:40],
        'at byte 0: header length %d runs past the end of the file (32 bytes follow the length field)' % (ds - 8))
    add('st_huge_header_length.safetensors', struct.pack('<Q', 1 << 62) + good[8:],
        "at byte 0: header length 4611686018427387904 is over the format's bound of 100000000 bytes")
    add('st_header_length_past_end.safetensors', struct.pack('<Q', len(good) - 7) + good[8:],
        'at byte 0: header length %d runs past the end of the file (%d bytes follow the length field)'
        % (len(good) - 7, len(good) - 8))
    add('st_not_json.safetensors', with_header('{"a": nope}', b''),
        'at byte 15: the header is not valid JSON')  # nlohmann reports the byte where its lexer stopped: the 'o'
    add('st_json_trailing_garbage.safetensors', with_header('{} x', b''),
        'at byte 11: the header is not valid JSON')  # the 'x'
    add('st_json_not_an_object.safetensors', with_header('[1, 2]', b''),
        "at byte 8: the header is not a JSON object (it must start with '{')")
    text = good[8:ds].decode().rstrip(' ')
    assert '"batch_normalization/beta"' in text
    add('st_duplicate_name.safetensors',
        with_header(text.replace('"batch_normalization/beta"', '"batch_normalization/gamma"'), good[ds:]),
        'at byte 8: the key "batch_normalization/gamma" appears twice in one object')
    # Found by fuzz_safetensors: valid JSON that nlohmann cannot hold escaped as its out_of_range.
    assert text.count('"data_offsets":[160,184]') == 1
    add('st_number_overflow.safetensors',
        with_header(text.replace('"data_offsets":[160,184]', '"data_offsets":[160,1e400]'), good[ds:]),
        "at byte 8: the header holds a value out of range: [json.exception.out_of_range.406] number overflow "
        "parsing '1e400'")
    add('st_nested_too_deep.safetensors', tensor_edit('dense/bias', 'shape', [[6]]),
        'at byte 8: the header nests deeper than a safetensors header does')
    add('st_metadata_not_string.safetensors', safetensors(good_ts, metadata={'format': 1}),
        'at byte 8: __metadata__ "format" is not a string')
    add('st_tensor_extra_key.safetensors', tensor_edit('dense/bias', 'extra', 0),
        'at byte 8: tensor \'dense/bias\' is not {"dtype", "shape", "data_offsets"}')
    # safetensors: one tensor's entry.
    add('st_unknown_dtype.safetensors', tensor_edit('dense/kernel', 'dtype', 'F33'),
        'at byte 8: tensor \'dense/kernel\': unknown dtype "F33"')
    add('st_negative_dimension.safetensors', tensor_edit('dense/bias', 'shape', [-6]),
        "at byte 8: tensor 'dense/bias': a dimension is -6, not an unsigned integer")
    add('st_shape_overflow.safetensors', tensor_edit('dense/bias', 'shape', [1 << 32, 1 << 32, 16]),
        "at byte 8: tensor 'dense/bias': shape (4294967296, 4294967296, 16) of F32 does not fill its 24 bytes")
    add('st_shape_does_not_fill.safetensors', tensor_edit('dense/bias', 'shape', [7]),
        "at byte 8: tensor 'dense/bias': shape (7,) of F32 does not fill its 24 bytes")
    add('st_offsets_not_a_pair.safetensors', tensor_edit('dense/bias', 'data_offsets', [160]),
        "at byte 8: tensor 'dense/bias': data_offsets is not [begin, end]")
    add('st_begin_after_end.safetensors', tensor_edit('dense/bias', 'data_offsets', [184, 160]),
        "at byte 8: tensor 'dense/bias': data_offsets begin after they end")
    add('st_offsets_past_end.safetensors', tensor_edit('batch_normalization/gamma', 'data_offsets', [0, 99999]),
        "at byte 8: tensor 'batch_normalization/gamma': its bytes [0, 99999) run past the data area's %d bytes"
        % size)
    add('st_truncated_data.safetensors', good[:-7],
        "at byte 8: tensor 'dense_2/bias': its bytes [%d, %d) run past the data area's %d bytes"
        % (size - 12, size, size - 7))
    # safetensors: the data area's layout.
    beta = offset_of(good_ts, 'batch_normalization/beta')
    add('st_overlap.safetensors', tensor_edit('batch_normalization/beta', 'data_offsets', [beta - 8, beta + 8]),
        "at byte %d: tensor 'batch_normalization/beta' overlaps the tensor before it" % (ds + beta - 8))
    last = offset_of(good_ts, 'dense_2/bias')
    hole = tensor_edit('dense_2/bias', 'data_offsets', [last + 4, last + 16]) + b'\0' * 4
    add('st_hole.safetensors', hole,
        "at byte %d: a hole of 4 bytes before tensor 'dense_2/bias' (no tensor covers them)" % (ds + last))
    add('st_trailing_bytes.safetensors', good + b'\0' * 4,
        'at byte %d: 4 bytes after the last tensor belong to none' % (ds + size))
    # safetensors: against the network.
    kernel = offset_of(good_ts, 'dense/kernel')
    add('st_wrong_dtype.safetensors', tensor_edit('dense/kernel', 'dtype', 'I32'),
        "at byte %d: tensor 'dense/kernel' is I32; ctnet reads F32 weights" % (ds + kernel))
    add('st_wrong_shape.safetensors', tensor_edit('dense/kernel', 'shape', [6, 4]),
        "at byte %d: tensor 'dense/kernel' has shape (6, 4); this network's is (4, 6)" % (ds + kernel))
    missing = safetensors([t for t in good_ts if t[0] != 'dense_2/bias'])
    add('st_missing_tensor.safetensors', missing, "at byte 8: the file has no tensor 'dense_2/bias' (shape (3,))")
    extra_ts = good_ts + [('dense_7/bias', 'F32', [2], struct.pack('<2f', 1, 2))]
    extra = safetensors(extra_ts)
    add('st_extra_tensor.safetensors', extra,
        "at byte %d: the file holds tensor 'dense_7/bias' (2,), which this network has no place for"
        % (data_start(extra) + size))
    add('st_nan_weight.safetensors', set_float(good, ds + kernel + 20, math.nan),
        "at byte %d: tensor 'dense/kernel' element 5 is nan; weights are finite" % (ds + kernel + 20))
    alpha = offset_of(good_ts, 'p_re_lu/alpha')
    add('st_inf_weight.safetensors', set_float(good, ds + alpha + 8, -math.inf),
        "at byte %d: tensor 'p_re_lu/alpha' element 2 is -inf; weights are finite" % (ds + alpha + 8))
    var = offset_of(good_ts, 'batch_normalization_1/moving_variance')
    add('st_negative_moving_variance.safetensors', set_float(good, ds + var + 12, -0.5),
        "at byte %d: tensor 'batch_normalization_1/moving_variance' element 3 is -0.5; "
        "a moving variance is finite and >= 0" % (ds + var + 12))
    # The dense bias ctnet drops (a Keras file's): checked like any other tensor before it is folded.
    kds = data_start(keras)
    kbias = offset_of(keras_ts, 'dense_1/bias')
    add('st_dropped_bias_nan.safetensors', set_float(keras, kds + kbias + 4, math.nan),
        "at byte %d: tensor 'dense_1/bias' element 1 is nan; weights are finite" % (kds + kbias + 4))
    # Each value finite, the fold's result not (found by fuzz_safetensors's check of a loaded model).
    kmean = offset_of(keras_ts, 'batch_normalization_1/moving_mean')
    add('st_dropped_bias_fold_overflow.safetensors',
        set_float(set_float(keras, kds + kmean + 8, 3e38), kds + kbias + 8, -3e38),
        "at byte %d: tensor 'dense_1/bias' element 2 is -3e+38; folded into batch_normalization_1/moving_mean "
        "(element 2 is 3e+38) it gives inf; the moving mean less the dropped bias must be finite" % (kds + kbias + 8))
    add('st_dropped_bias_wrong_shape.safetensors',
        safetensors(keras_ts, metadata=None, edit=lambda h: h['dense_1/bias'].update(shape=[5, 1])),
        "at byte %d: tensor 'dense_1/bias' has shape (5, 1); this network's is (5,)" % (kds + kbias))

    # IDX (ctnet::idx::read with its default requirements), plain and gzip.
    images = idx_file([3, 4, 4], bytes((i * 37) % 256 for i in range(48)))
    labels = idx_file([3], bytes([7, 0, 9]))
    what = '(IDX array)'
    add('idx_empty.idx', b'', 'at byte 0: the data is empty; expected an IDX magic number 00 00 08 <rank> ' + what)
    add('idx_truncated_magic.idx', images[:3], 'at byte 3: the data holds only 3 of the 4 bytes of an IDX magic number')
    add('idx_wrong_magic.idx', b'\x01\x02' + images[2:],
        'at byte 0: expected an IDX magic number 00 00 08 <rank> %s, found 01 02 08 03' % what)
    add('idx_wrong_magic_second_byte.idx', b'\x00\x01' + images[2:], 'at byte 1: expected an IDX magic number')
    add('idx_not_gzip.idx', b'\x1f\x8c' + images[2:],
        'at byte 0: expected an IDX magic number 00 00 08 <rank> %s, found 1f 8c 08 03 '
        '(not gzip either: gzip data starts 1f 8b)' % what)
    add('idx_float_type.idx', idx_file([3], b'\0' * 12, magic=[0, 0, 0x0D, 1]),
        'at byte 2: unsupported IDX data type 0x0d (32-bit float); ctnet reads only 08 (unsigned byte)')
    add('idx_invalid_type.idx', idx_file([3], b'\0' * 3, magic=[0, 0, 0x07, 1]), 'at byte 2: invalid IDX data type 0x07')
    add('idx_rank_zero.idx', b'\x00\x00\x08\x00', 'at byte 3: IDX rank 0; expected a rank from 1 to 255')
    add('idx_header_cut.idx', images[:12],
        'at byte 12: the data ends inside the IDX header: rank 3 needs 16 header bytes, only 12 are present')
    add('idx_dims_overflow.idx', idx_file([0xFFFFFFFF] * 3, b''),
        'at byte 12: the IDX dimensions 4294967295 x 4294967295 x 4294967295 overflow a 64-bit byte count')
    add('idx_over_limit.idx', idx_file([(1 << 28) + 1], b''),
        'at byte 4: the IDX header declares 268435457 bytes of data (268435457), more than the limit of '
        '268435456 bytes')
    add('idx_truncated.idx', images[:-5],
        'at byte 59: the data ends after 43 of the 48 bytes that the IDX header declares (3 x 4 x 4): '
        'the file is truncated')
    add('idx_labels_truncated.idx', labels[:-1], 'at byte 10: the data ends after 2 of the 3 bytes')
    add('idx_trailing_byte.idx', images + b'\0',
        'at byte 64: the data continues past the 48 bytes that the IDX header declares (3 x 4 x 4)')
    gimages = gz(images)
    dec = ' of the decompressed stream: '
    add('idx_gz_trailer_cut.idx.gz', gimages[:-8],
        'at byte 64%sthe gzip data is cut off: the file ends at compressed byte %d of %d'
        % (dec, len(gimages) - 8, len(gimages) - 8))
    half = gimages[:len(gimages) // 2]
    add('idx_gz_truncated.idx.gz', half,
        'at byte %d%sthe gzip data is cut off: the file ends at compressed byte %d of %d'
        % (len(zlib.decompressobj(31).decompress(half)), dec, len(half), len(half)))
    crc = bytearray(gimages)
    crc[-8] ^= 0xFF
    add('idx_gz_crc_mismatch.idx.gz', bytes(crc),
        'at byte 64%scorrupt gzip data at compressed byte %d of %d: the CRC-32 in the gzip trailer does not match'
        % (dec, len(gimages) - 4, len(gimages)))
    isize = bytearray(gimages)
    isize[-4] ^= 0x01
    add('idx_gz_isize_mismatch.idx.gz', bytes(isize),
        'at byte 64%scorrupt gzip data at compressed byte %d of %d: the length in the gzip trailer (ISIZE) '
        'does not match' % (dec, len(gimages), len(gimages)))
    add('idx_gz_garbage_after.idx.gz', gimages + b'xyz',
        'at byte 64%sunexpected bytes after the end of the gzip data (at compressed byte %d of %d)'
        % (dec, len(gimages), len(gimages) + 3))
    add('idx_gz_not_deflate.idx.gz', gimages[:2] + b'\x07' + gimages[3:],
        'at byte 0%scorrupt gzip data at compressed byte' % dec)
    add('idx_gz_wrong_magic.idx.gz', gz(b'\x01\x02' + images[2:]),
        'at byte 0%sexpected an IDX magic number' % dec)
    add('idx_gz_trailing_byte.idx.gz', gz(images + b'\0'), 'at byte 64%sthe data continues past the 48 bytes' % dec)
    bomb = gz(idx_file([100000, 1000], b''))
    add('idx_gz_claim_past_deflate_bound.idx.gz', bomb,
        'at byte 12%sthe IDX header declares 100000000 bytes of data (100000 x 1000) but a gzip file of %d bytes '
        'cannot inflate to more than 1032 times its size' % (dec, len(bomb)))

    names = [f[0] for f in files]
    assert len(set(names)) == len(names)
    for old in os.listdir(HERE):
        if old not in ('make_hostile.py', 'MANIFEST') and os.path.isfile(os.path.join(HERE, old)):
            os.remove(os.path.join(HERE, old))
    for name, b, _ in files:
        with open(os.path.join(HERE, name), 'wb') as f:
            f.write(b)
    with open(os.path.join(HERE, 'MANIFEST'), 'w') as f:
        f.write('# Written by make_hostile.py: each file of this directory, a tab, and the text its error\n'
                '# message must contain (tests/unit/io/test_hostile_files.cpp). .safetensors files are\n'
                '# loaded into the network named in make_hostile.py, the others read by ctnet::idx::read.\n')
        for name, _, expected in files:
            assert '\t' not in expected and '\n' not in expected
            f.write('%s\t%s\n' % (name, expected))

    # The fuzzers' seeds: the valid files, and a few hostile ones near the checks.
    seeds = {
        'fuzz_safetensors': [('valid_ctnet.safetensors', good), ('valid_keras_dropped_bias.safetensors', keras)] +
                            [(n, b) for n, b, _ in files if n in (
                                'st_overlap.safetensors', 'st_hole.safetensors', 'st_nan_weight.safetensors',
                                'st_extra_tensor.safetensors', 'st_duplicate_name.safetensors')],
        'fuzz_idx': [('valid_images.idx', images), ('valid_labels.idx', labels), ('valid_images.idx.gz', gimages),
                     ('valid_labels.idx.gz', gz(labels)),
                     ('valid_two_members.idx.gz', gz(images[:20]) + gz(images[20:]))] +
                    [(n, b) for n, b, _ in files if n in (
                        'idx_dims_overflow.idx', 'idx_trailing_byte.idx', 'idx_gz_truncated.idx.gz',
                        'idx_gz_claim_past_deflate_bound.idx.gz')],
    }
    for target, entries in seeds.items():
        d = os.path.join(FUZZ, target)
        os.makedirs(d, exist_ok=True)
        for old in os.listdir(d):
            os.remove(os.path.join(d, old))
        for name, b in entries:
            with open(os.path.join(d, name), 'wb') as f:
                f.write(b)


if __name__ == '__main__':
    main()
