"""The encoding of a responses file: one for the whole file, said aloud when it is not UTF-8, and the
bytes that are not text kept in place so each one can be reported where it is."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A byte kept by the surrogateescape error handler: U+DC80–U+DCFF stands for the byte 0x80–0xFF.
BYTE = re.compile("[\udc80-\udcff]")
MAX_OFFSETS = 1_000  # stray bytes located; a reader stops listing problems long before


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # how the file was read, as people name it: "UTF-8", "UTF-16 LE", "Windows-1252"
    # File offsets of the bytes that are not text in that encoding, in order. Each one stands in `text`
    # as one character U+DC80–U+DCFF (Python's surrogateescape), so a cell holding it can be named.
    bad_bytes: tuple[int, ...] = ()


_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32 BE"),
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32 LE"),  # before UTF-16 LE, whose mark it starts with
    (b"\xef\xbb\xbf", "utf-8", "UTF-8"),
    (b"\xfe\xff", "utf-16-be", "UTF-16 BE"),
    (b"\xff\xfe", "utf-16-le", "UTF-16 LE"),
)
# A valid UTF-8 sequence of two to four bytes (RFC 3629): no overlong forms, no surrogates.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)


def _utf16_or_32(head: bytes) -> tuple[str, str] | None:
    # No byte-order mark: the header starts with an ASCII column name, so its zero bytes give it away.
    if len(head) < 4 or 0 not in head:
        return None
    zero = [b == 0 for b in head[:4]]
    return {
        (False, True, True, True): ("utf-32-le", "UTF-32 LE"),
        (True, True, True, False): ("utf-32-be", "UTF-32 BE"),
        (False, True, False, True): ("utf-16-le", "UTF-16 LE"),
        (True, False, True, False): ("utf-16-be", "UTF-16 BE"),
    }.get((zero[0], zero[1], zero[2], zero[3]))


class EncodingProblem(ValueError):
    def __init__(self, offset: int, why: str) -> None:
        self.offset = offset
        super().__init__(why)


def _bad_offsets(text: str, encoding: str, start: int) -> tuple[int, ...]:
    # Where in the file each byte kept aside was: one U+DC80–U+DCFF character stands for one byte.
    found: list[int] = []
    offset, done = start, 0
    for match in BYTE.finditer(text):
        if len(found) >= MAX_OFFSETS:
            break
        if encoding == "UTF-8":
            offset += len(text[done : match.start()].encode("utf-8", "surrogateescape"))
        else:  # Windows-1252: one byte per character
            offset += match.start() - done
        found.append(offset)
        offset, done = offset + 1, match.end()
    return tuple(found)


def _cut_short(body: bytes) -> bool:
    # A UTF-8 file cut in the middle of its last character, its only non-ASCII one: Windows-1252 would
    # read the cut lead byte as a letter ("Caf\xc3" as "CafÃ").
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.reason == "unexpected end of data" and exc.end == len(body)
    return False


def decode(data: bytes) -> Decoded:
    """The file's text, in one encoding for the whole file, never a guess per row.

    A byte-order mark (UTF-8, UTF-16, UTF-32) decides; so do the zero bytes of a UTF-16 or UTF-32 header
    without one. Otherwise the file is UTF-8 if it decodes as UTF-8. A file with no UTF-8 sequence in it
    at all is Windows-1252 (what Excel saves in Spanish and Italian locales), and says so. A file that is
    UTF-8 but for a few bytes is read as UTF-8 with those bytes kept aside, so each is reported where it
    is: reading the whole of it as Windows-1252 would turn every accent of the good rows into mojibake.

    Raises EncodingProblem for a UTF-16 or UTF-32 file that is not valid in its own encoding."""
    marked = next(((bom, codec, name) for bom, codec, name in _BOMS if data.startswith(bom)), None)
    if marked is not None:
        offset = len(marked[0])
        body, codec, name = data[offset:], marked[1], marked[2]
    else:
        codec, name = _utf16_or_32(data[:4]) or ("utf-8", "UTF-8")
        body, offset = data, 0
    if codec != "utf-8":
        try:
            return Decoded(body.decode(codec), name)
        except UnicodeDecodeError as exc:
            raise EncodingProblem(
                offset + exc.start,
                f"the file starts as {name}, but its bytes at offset {offset + exc.start} are not {name}",
            ) from None
    try:
        return Decoded(body.decode("utf-8"), name)
    except UnicodeDecodeError:
        pass
    if _UTF8_SEQUENCE.search(body) or offset or _cut_short(body):
        text = body.decode("utf-8", "surrogateescape")
        return Decoded(text, "UTF-8", _bad_offsets(text, "UTF-8", offset))
    # Windows-1252 leaves five bytes undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D): those stay aside too.
    text = body.decode("cp1252", "surrogateescape")
    return Decoded(text, "Windows-1252", _bad_offsets(text, "Windows-1252", offset))


def encoding_of(data: bytes) -> str:
    """How `load_responses` reads these bytes: "UTF-8", "UTF-16 LE", "Windows-1252"…"""
    try:
        return decode(data).encoding
    except EncodingProblem:
        return "UTF-8"
