"""A faster driver for the grammar's LALR(1) tables.

Lark builds the tables, the per-state (contextual) lexers and the tree-building callbacks;
this module runs them in one tight loop: the parse table is flattened once (a shift is the
next state, a reduction a (size, callback, rule name) tuple), unit reductions that only pass
their child up are chained once per (state below, state, lookahead) and remembered, and
spaces are skipped without a regex call.  It builds exactly the tree Lark's parser builds.
Input it cannot parse raises `Unparsed`: the caller asks Lark again, whose exception carries
the diagnostics (the error path need not be fast)."""
from __future__ import annotations

import re

from lark import Lark, Token
from lark.parse_tree_builder import ExpandSingleChild
from lark.parsers.lalr_analysis import Shift


class Unparsed(Exception):
    """The fast path stopped: parse with Lark to get the error."""


_SPACES = re.compile(r"[ \t]+")
_new_token = Token._future_new


class FastLALR:
    """`FastLALR(lark, start, joining).parse(text)`: the value Lark's `parse(text)` returns, or
    `Unparsed`.  `joining` = (line-break terminal, opening brackets, closing brackets,
    terminals that continue a line): the part of the grammar's postlexer that shapes the
    tree: a line break inside brackets or after those terminals is dropped."""

    def __init__(self, lark: Lark, start: str = "start", joining: tuple = (None, (), (), ())):
        frontend = lark.parser
        connector = frontend.lexer
        contextual = getattr(connector, "lexer", connector)
        self._joining = tuple(frozenset(x) if i else x for i, x in enumerate(joining))
        parser = frontend.parser.parser
        table = parser.parse_table
        callbacks = parser.callbacks
        self._start = table.start_states[start]
        self._end = table.end_states[start]

        # Lark numbers the states 0..n-1: rows in lists, which index faster than dicts.
        reductions: dict = {}

        def row(actions: dict) -> dict:
            out = {}
            for kind, (action, arg) in actions.items():
                if action is Shift:
                    out[kind] = arg
                else:
                    info = reductions.get(arg)
                    if info is None:
                        info = reductions[arg] = (len(arg.expansion), callbacks[arg], arg.origin.name)
                    out[kind] = info
            return out

        self._states = [row(table.states[state]) for state in range(len(table.states))]
        # A `?rule` reduced from one child returns that child (nothing filters it): such
        # reductions only change the state on top, so they can be chained.
        self._passthrough = {info for info in reductions.values()
                             if info[0] == 1 and isinstance(info[1], ExpandSingleChild)}
        self._chains: dict = {}

        by_lexer: dict = {}

        def lexing(lexer) -> tuple:
            entry = by_lexer.get(id(lexer))
            if entry is None:
                scanner = lexer.scanner         # built on first use
                entry = by_lexer[id(lexer)] = (tuple(scanner._mres), lexer.ignore_types, lexer.newline_types,
                                               lexer.callback)
            return entry

        self._lexers = [lexing(contextual.lexers[state]) for state in range(len(table.states))]

    # ---- lexing and parsing, in one loop -------------------------------------------
    def parse(self, text: str):
        states, lexers = self._states, self._lexers
        passthrough, chains = self._passthrough, self._chains
        newline_kind, opening, closing, continuing = self._joining
        spaces = _SPACES.match
        state_stack = [self._start]
        value_stack: list = []
        pos, line, line_start, size = 0, 1, 0, len(text)
        depth, previous = 0, None
        while pos < size:
            # the next token, among the terminals the current state accepts (contextual lexing)
            c = text[pos]
            if c == " " or c == "\t":               # WS is ignored in every state
                pos = spaces(text, pos).end()
                if pos >= size:
                    break
            mres, ignore, newline, callback = lexers[state_stack[-1]]
            for mre in mres:
                m = mre.match(text, pos)
                if m is not None:
                    break
            else:
                raise Unparsed
            kind = m.lastgroup
            end = m.end()
            if kind in newline:
                value = m.group()
                count = value.count("\n")
                end_line = line + count
                end_start = pos + value.rindex("\n") + 1 if count else line_start
            else:
                end_line, end_start = line, line_start
            if kind in ignore and kind not in callback:
                pos, line, line_start = end, end_line, end_start
                continue
            token = _new_token(kind, m.group(), pos, line, pos - line_start + 1, end_line, end - end_start + 1, end)
            pos, line, line_start = end, end_line, end_start
            if kind in callback:
                token = callback[kind](token)
                kind = token.type
            if kind in ignore:
                continue
            # a line break inside brackets or after an operator that ends a line joins the lines
            if kind == newline_kind:
                if depth or previous in continuing:
                    continue
            elif kind in opening:
                depth += 1
            elif kind in closing and depth:
                depth -= 1
            previous = kind
            # the parser takes it: reductions, then a shift
            while True:
                action = states[state_stack[-1]].get(kind)
                if action is None:
                    raise Unparsed
                if action.__class__ is int:
                    state_stack.append(action)
                    value_stack.append(token)
                    break
                if action in passthrough:
                    # A chain of `?rule` reductions: only the state on top changes.
                    key = (state_stack[-2], state_stack[-1], kind)
                    top = chains.get(key)
                    if top is None:
                        top = chains[key] = self._chain(key)
                    state_stack[-1] = top
                    continue
                self._reduce(action, state_stack, value_stack)
        while True:                             # the end of the text: reduce to the start rule
            action = states[state_stack[-1]].get("$END")
            if action is None or action.__class__ is int:
                raise Unparsed
            self._reduce(action, state_stack, value_stack)
            if state_stack[-1] == self._end:
                return value_stack[-1]

    def _reduce(self, action: tuple, state_stack: list, value_stack: list) -> None:
        size, callback, origin = action
        if size:
            children = value_stack[-size:]
            del state_stack[-size:]
            del value_stack[-size:]
        else:
            children = []
        value_stack.append(callback(children))
        state_stack.append(self._states[state_stack[-1]][origin])

    def _chain(self, key: tuple) -> int:
        """The state on top after the pass-through reductions that `kind` triggers over
        (below, top): each pops one state and pushes the goto of the state below."""
        below, top, kind = key
        states, passthrough = self._states, self._passthrough
        action = states[top].get(kind)
        while action in passthrough:
            top = states[below][action[2]]
            action = states[top].get(kind)
        return top

