"""Writes .npy/.npz fixtures with NumPy in every layout @interp/npy reads, or checks files it wrote.

  python3 npyFixtures.py write OUT_DIR   -> OUT_DIR/*.npy, *.npz and manifest.json (expected values, C order)
  python3 npyFixtures.py check FILE...   -> prints JSON {file: {array: {"shape", "dtype", "fortran", "values"}}}
"""
import json
import os
import sys

import numpy as np


def values(shape, salt):
    n = int(np.prod(shape)) if len(shape) else 1
    base = (np.arange(n, dtype=np.float64) * 0.37 - 1.1 + salt) * np.where(np.arange(n) % 3 == 0, -1.0, 1.0)
    return base.reshape(shape)


def as_list(a):
    return [float(v) for v in np.asarray(a, dtype=np.float64).ravel(order="C")]


def write(out):
    os.makedirs(out, exist_ok=True)
    manifest = {}
    shapes = {"2d": (7, 5), "3d": (4, 3, 2), "1d": (6,), "0d": ()}
    for version in (1, 2, 3):
        for endian in ("<", ">"):
            for code in ("f2", "f4", "f8"):
                for order in ("C", "F"):
                    for sname, shape in shapes.items():
                        if sname in ("1d", "0d") and order == "F":
                            continue
                        a = values(shape, version * 0.01).astype(endian + code)
                        a = np.asfortranarray(a) if order == "F" else a.copy(order="C")
                        name = f"v{version}_{'le' if endian == '<' else 'be'}_{code}_{order}_{sname}.npy"
                        with open(os.path.join(out, name), "wb") as f:
                            np.lib.format.write_array(f, a, version=(version, 0))
                        manifest[name] = {"arr_0": {"shape": list(shape), "dtype": code, "fortran": order == "F", "values": as_list(a)}}
    arrays = {
        "activations": values((9, 4), 0.5).astype("<f4"),
        "weights_f": np.asfortranarray(values((3, 5), 0.2).astype(">f8")),
        "half": values((5,), 0.1).astype("<f2"),
    }
    for name, fn in (("stored.npz", np.savez), ("deflated.npz", np.savez_compressed)):
        fn(os.path.join(out, name), **arrays)
        manifest[name] = {k: {"shape": list(v.shape), "dtype": v.dtype.str[1:], "fortran": bool(np.isfortran(v)), "values": as_list(v)} for k, v in arrays.items()}
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f)


def check(paths):
    out = {}
    for p in paths:
        if p.endswith(".npz"):
            with np.load(p) as z:
                arrs = {k: z[k] for k in z.files}
        else:
            arrs = {"arr_0": np.load(p)}
        out[p] = {k: {"shape": list(a.shape), "dtype": a.dtype.str, "fortran": bool(np.isfortran(a)), "values": as_list(a)} for k, a in arrs.items()}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(sys.argv[2])
    else:
        check(sys.argv[2:])
