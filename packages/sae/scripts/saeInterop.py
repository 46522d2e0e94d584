"""Writes SAE folders in the SAELens and sparsify layouts with random weights, 500 input rows, and the
encodings (and reconstructions) an independent NumPy implementation of SAELens' / sparsify's inference gives.

  python3 saeInterop.py OUT_DIR
-> OUT_DIR/<name>/{cfg.json, sae_weights.safetensors | sae.safetensors}, OUT_DIR/inputs.npy,
   OUT_DIR/<name>.enc.npy, OUT_DIR/<name>.recon.npy, OUT_DIR/manifest.json
"""
import json
import os
import struct
import sys

import numpy as np

D_IN, D_SAE, ROWS, MARGIN = 16, 48, 500, 1e-3
rng = np.random.default_rng(20261202)


def to_bf16_bits(a):
    bits = np.asarray(a, dtype=np.float32).view(np.uint32).astype(np.uint64)
    rounded = (bits + 0x7FFF + ((bits >> 16) & 1)) >> 16
    return rounded.astype(np.uint16)


def from_bf16_bits(b):
    return (b.astype(np.uint32) << 16).view(np.float32)


def write_safetensors(path, tensors, dtype):
    """tensors: name -> float64 array; stored as dtype ('F32','F16','BF16','F64'). Returns the stored values as float64."""
    header, blobs, offset, stored = {}, [], 0, {}
    for name, arr in tensors.items():
        if dtype == "F32":
            raw = arr.astype("<f4")
            stored[name] = raw.astype(np.float64)
        elif dtype == "F64":
            raw = arr.astype("<f8")
            stored[name] = raw.astype(np.float64)
        elif dtype == "F16":
            raw = arr.astype("<f2")
            stored[name] = raw.astype(np.float64)
        else:
            raw = to_bf16_bits(arr).astype("<u2")
            stored[name] = from_bf16_bits(raw).astype(np.float64).reshape(arr.shape)
        b = np.ascontiguousarray(raw).tobytes()
        header[name] = {"dtype": dtype, "shape": list(arr.shape), "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    h = json.dumps(header).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)
    return stored


def norm_in(x, mode):
    if mode == "constant_norm_rescale":
        c = np.sqrt(D_IN) / np.linalg.norm(x, axis=-1, keepdims=True)
        return x * c, lambda y: y / c
    if mode == "layer_norm":
        mu = x.mean(-1, keepdims=True)
        xc = x - mu
        std = xc.std(-1, ddof=1, keepdims=True)
        return xc / (std + 1e-5), lambda y: y * std + mu
    return x, lambda y: y  # none, expected_average_only_in (folded into the weights by SAELens)


def topk_mask(pre, k):
    order = np.argsort(-pre, axis=-1)
    mask = np.zeros_like(pre, dtype=bool)
    np.put_along_axis(mask, order[:, :k], True, axis=-1)
    srt = np.take_along_axis(pre, order, axis=-1)
    gap = srt[:, k - 1] - srt[:, k]
    return mask, gap


def saelens(spec, w, x):
    """Returns (features, reconstruction, per-row margin to any discontinuity)."""
    xn, undo = norm_in(x, spec["norm"])
    xc = xn - w["b_dec"] if spec.get("apply_b_dec", True) else xn
    arch = spec["arch"]
    margin = np.full(x.shape[0], np.inf)
    if arch == "gated":
        proj = xc @ w["W_enc"]
        gate_pre = proj + w["b_gate"]
        f = (gate_pre > 0) * np.maximum(0, proj * np.exp(w["r_mag"]) + w["b_mag"])
        margin = np.abs(gate_pre).min(-1)
    else:
        pre = xc @ w["W_enc"] + w["b_enc"]
        if arch == "standard":
            f = np.maximum(0, pre)
        elif arch == "jumprelu":
            f = np.maximum(0, pre) * (pre > w["threshold"])
            margin = np.abs(pre - w["threshold"]).min(-1)
        else:  # topk
            if spec.get("rescale"):
                pre = pre * np.linalg.norm(w["W_dec"], axis=-1)
            mask, margin = topk_mask(pre, spec["k"])
            f = np.maximum(0, pre * mask)
    fd = f / np.linalg.norm(w["W_dec"], axis=-1) if spec.get("rescale") else f
    recon = undo(fd @ w["W_dec"] + w["b_dec"])
    return f, recon, margin


def sparsify(w, x, k):
    pre = np.maximum(0, (x - w["b_dec"]) @ w["encoder.weight"].T + w["encoder.bias"])
    mask, gap = topk_mask(pre, k)
    f = pre * mask
    return f, f @ w["W_dec"] + w["b_dec"], gap


SPECS = [
    {"name": "standard", "arch": "standard", "norm": "none", "dtype": "F32", "native": True},
    {"name": "standard_pre6_bf16", "arch": "standard", "norm": "none", "dtype": "BF16", "native": False},
    {"name": "topk_rescale_constnorm", "arch": "topk", "k": 6, "rescale": True, "norm": "constant_norm_rescale", "dtype": "F32", "native": True},
    {"name": "topk_pre6_layernorm", "arch": "topk", "k": 5, "norm": "layer_norm", "dtype": "F16", "native": False},
    {"name": "jumprelu_gemmascope", "arch": "jumprelu", "norm": "none", "dtype": "F32", "native": True, "apply_b_dec": False},
    {"name": "batchtopk_as_jumprelu", "arch": "jumprelu", "norm": "expected_average_only_in", "dtype": "F32", "native": True, "batchtopk": True},
    {"name": "gated_layernorm_f64", "arch": "gated", "norm": "layer_norm", "dtype": "F64", "native": True},
]


def make_weights(spec):
    w = {
        "W_enc": rng.normal(0, 0.25, (D_IN, D_SAE)),
        "W_dec": rng.normal(0, 0.25, (D_SAE, D_IN)),
        "b_dec": rng.normal(0, 0.1, (D_IN,)),
    }
    if spec["arch"] == "gated":
        w["b_gate"] = rng.normal(0, 0.2, (D_SAE,))
        w["r_mag"] = rng.normal(0, 0.2, (D_SAE,))
        w["b_mag"] = rng.normal(0, 0.2, (D_SAE,))
    else:
        w["b_enc"] = rng.normal(0, 0.2, (D_SAE,))
    if spec["arch"] == "jumprelu":
        w["threshold"] = np.full(D_SAE, 0.3) if spec.get("batchtopk") else rng.uniform(0.1, 0.5, D_SAE)
    return w


def cfg_for(spec):
    arch = spec["arch"]
    if spec["native"]:
        cfg = {
            "architecture": arch,
            "d_in": D_IN,
            "d_sae": D_SAE,
            "dtype": "float32",
            "device": "cpu",
            "apply_b_dec_to_input": spec.get("apply_b_dec", True),
            "normalize_activations": spec["norm"],
            "reshape_activations": "none",
            "metadata": {"sae_lens_version": "6.18.0", "model_name": "toy", "hook_name": "blocks.0.hook_resid_post", "dataset_path": "toy/data", "context_size": 128},
        }
        if arch == "topk":
            cfg["k"] = spec["k"]
            cfg["rescale_acts_by_decoder_norm"] = bool(spec.get("rescale"))
        return cfg
    cfg = {
        "architecture": "standard",
        "d_in": D_IN,
        "d_sae": D_SAE,
        "dtype": "float32",
        "device": "cpu",
        "model_name": "toy",
        "hook_point": "blocks.0.hook_resid_post",
        "hook_point_layer": 0,
        "activation_fn_str": "topk" if arch == "topk" else "relu",
        "apply_b_dec_to_input": True,
        "normalize_activations": spec["norm"],
        "sae_lens_training_version": "3.13.0",
    }
    if arch == "topk":
        cfg["activation_fn_kwargs"] = {"k": spec["k"]}
    return cfg


def main(out):
    os.makedirs(out, exist_ok=True)
    candidates = rng.normal(0, 1, (ROWS * 3, D_IN)) * rng.uniform(0.5, 2.0, (ROWS * 3, 1))
    candidates = candidates.astype(np.float32).astype(np.float64)
    saes = []
    for spec in SPECS:
        d = os.path.join(out, spec["name"])
        os.makedirs(d, exist_ok=True)
        stored = write_safetensors(os.path.join(d, "sae_weights.safetensors"), make_weights(spec), spec["dtype"])
        with open(os.path.join(d, "cfg.json"), "w") as f:
            json.dump(cfg_for(spec), f)
        saes.append((spec["name"], lambda x, spec=spec, w=stored: saelens(spec, w, x)))
    # sparsify
    d = os.path.join(out, "sparsify_topk")
    os.makedirs(d, exist_ok=True)
    sw = {"encoder.weight": rng.normal(0, 0.25, (D_SAE, D_IN)), "encoder.bias": rng.normal(0, 0.2, (D_SAE,)), "W_dec": rng.normal(0, 0.25, (D_SAE, D_IN)), "b_dec": rng.normal(0, 0.1, (D_IN,))}
    sstored = write_safetensors(os.path.join(d, "sae.safetensors"), sw, "F32")
    with open(os.path.join(d, "cfg.json"), "w") as f:
        json.dump({"activation": "topk", "expansion_factor": 3, "normalize_decoder": True, "num_latents": D_SAE, "k": 7, "multi_topk": False, "skip_connection": False, "transcode": False, "d_in": D_IN}, f)
    saes.append(("sparsify_topk", lambda x: sparsify(sstored, x, 7)))
    # keep the first ROWS rows that are at least MARGIN from every discontinuity of every SAE
    keep = np.ones(len(candidates), dtype=bool)
    for _, fn in saes:
        keep &= fn(candidates)[2] >= MARGIN
    x = candidates[keep][:ROWS]
    assert len(x) == ROWS, f"only {len(x)} well-conditioned rows"
    np.save(os.path.join(out, "inputs.npy"), x.astype(np.float32))
    manifest = {}
    for name, fn in saes:
        f, recon, _ = fn(x)
        np.save(os.path.join(out, f"{name}.enc.npy"), f)
        np.save(os.path.join(out, f"{name}.recon.npy"), recon)
        manifest[name] = {"active": float((f > 0).mean())}
    with open(os.path.join(out, "manifest.json"), "w") as fh:
        json.dump(manifest, fh)


if __name__ == "__main__":
    main(sys.argv[1])
