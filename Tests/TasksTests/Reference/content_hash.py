#!/usr/bin/env python3
"""Independent reference for InstructionTask.hashContent: SHA-256 of the documented length-prefixed
encoding (tag, definition, positive examples, instances; strings as UTF-8 with a little-endian UInt64
byte count, counts as little-endian UInt64). Prints the digest InstructionTaskTests pins."""
import hashlib
import struct


def content_hash(definition, examples, instances):
    out = bytearray()

    def count(value):
        out.extend(struct.pack("<Q", value))

    def text(value):
        data = value.encode("utf-8")
        count(len(data))
        out.extend(data)

    text("activetune-task-v1")
    text(definition)
    count(len(examples))
    for example_input, example_output in examples:
        text(example_input)
        text(example_output)
    count(len(instances))
    for instance_input, outputs in instances:
        text(instance_input)
        count(len(outputs))
        for output in outputs:
            text(output)
    return hashlib.sha256(bytes(out)).hexdigest()


if __name__ == "__main__":
    print(content_hash("Answer 'yes' or 'no'.", [("I love it.", "yes")],
                       [("Très bien ✓", ["yes", ""]), ("", ["no"])]))
