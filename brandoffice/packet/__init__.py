"""Data packets (数据包): a street's records sent up to the district and decisions sent back.

A packet is one zip file (``.bopkt``): a JSON list per record kind, files of evidence, a
manifest (sending office, period, counts, versions, the hash of every part and a hash
chain over them) and a seal (the manifest's hash). Records travel by their stable
``uid``; references between them are uids too, so the receiver merges them by uid into
its own keys. See :mod:`brandoffice.packet.merge` for how the receiver decides.
"""
