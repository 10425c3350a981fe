#!/usr/bin/env python3
"""Writes a synthetic world-market-leaders CSV (for the import benchmark): N rows over real towns
and districts of Südwestfalen, deterministic for a seed.
Usage: bench/synthetic-world-market-leaders.py ROWS SEED > FILE.csv"""
import random
import sys

rows, seed = int(sys.argv[1]), int(sys.argv[2])
random.seed(seed)
districts = {
    "Hochsauerlandkreis": ["Arnsberg", "Meschede", "Sundern", "Brilon", "Winterberg"],
    "Kreis Olpe": ["Olpe", "Attendorn", "Lennestadt"],
    "Märkischer Kreis": ["Lüdenscheid", "Iserlohn", "Altena"],
    "Kreis Siegen-Wittgenstein": ["Siegen", "Kreuztal", "Netphen"],
    "Kreis Soest": ["Soest", "Lippstadt", "Werl"],
}
out = sys.stdout
out.write("name,town,district,niche,source_url,confidence\n")
for i in range(rows):
    district = random.choice(list(districts))
    town = random.choice(districts[district])
    confidence = random.choice(["high", "medium", "low"])
    out.write(f"Synthetic Company {i} GmbH,{town},{district},Niche {i % 500},https://example.org/source/{i},{confidence}\n")
