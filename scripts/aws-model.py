#!/usr/bin/env python3
"""Writes a stripped AWS API model for one Sluice service: botocore's service-2.json with every
`documentation` member removed, keeping only the named operations (all when none are named) and
the shapes they reach.

    python3 scripts/aws-model.py <botocore service>/<version> <out.json> [Operation ...]
    python3 scripts/aws-model.py codebuild/2016-10-06 src/api/codebuild/service-model.json CreateProject ...
"""
import gzip, json, os, sys
import botocore

service, out, *wanted = sys.argv[1:]
base = os.path.join(os.path.dirname(botocore.__file__), 'data', service, 'service-2.json')
opener = gzip.open if os.path.exists(base + '.gz') else open
with opener(base + '.gz' if os.path.exists(base + '.gz') else base, 'rt') as f:
    model = json.load(f)

def strip(value):
    if isinstance(value, dict):
        return {k: strip(v) for k, v in value.items() if k not in ('documentation', 'documentationUrl')}
    if isinstance(value, list):
        return [strip(v) for v in value]
    return value

operations = {k: v for k, v in model['operations'].items() if not wanted or k in wanted}
missing = set(wanted) - set(operations)
if missing:
    sys.exit(f'not in {service}: {", ".join(sorted(missing))}')
reached, stack = set(), []
for op in operations.values():
    for key in ('input', 'output'):
        if key in op: stack.append(op[key]['shape'])
    stack.extend(e['shape'] for e in op.get('errors', []))
while stack:
    name = stack.pop()
    if name in reached: continue
    reached.add(name)
    shape = model['shapes'][name]
    for member in shape.get('members', {}).values(): stack.append(member['shape'])
    for key in ('member', 'key', 'value'):
        if key in shape: stack.append(shape[key]['shape'])
result = {'metadata': model['metadata'], 'operations': operations,
          'shapes': {k: v for k, v in sorted(model['shapes'].items()) if k in reached}}
with open(out, 'w') as f:
    json.dump(strip(result), f, separators=(',', ':'), sort_keys=False)
    f.write('\n')
print(f'{out}: {len(operations)} operations, {len(reached)} shapes')
