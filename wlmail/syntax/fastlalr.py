"""A faster driver for the grammar's LALR(1) tables.

Lark builds the tables, the per-state (contextual) lexers and the tree-building callbacks;
this module runs them in one tight loop: the parse table is flattened once (a shift is the
next state, a reduction a (size, builder, rule name, passes through) tuple), unit reductions
that only pass their child up are chained once per (state below, state, lookahead) and
remembered, and spaces are skipped without a regex call.  It builds exactly the tree Lark's parser builds.
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
                        # A `?rule` reduced from one child returns that child (nothing filters
                        # it): such reductions only change the state on top, so they chain.
                        callback = callbacks[arg]
                        passes = len(arg.expansion) == 1 and isinstance(callback, ExpandSingleChild)
                        info = reductions[arg] = (len(arg.expansion), callback, arg.origin.name, passes)
                    out[kind] = info
            return out

        self._states = [row(table.states[state]) for state in range(len(table.states))]
        self._chains: dict = {}

        # The lexer of each state, built when the state is first met (as Lark does: compiling
        # the regexes of every state up front would cost more than parsing most scripts).
        self._contextual = contextual
        self._by_lexer: dict = {}
        self._lexers: list = [None] * len(table.states)

    def _lexing(self, state: int) -> tuple:
        lexer = self._contextual.lexers[state]
        entry = self._by_lexer.get(id(lexer))
        if entry is None:
            scanner = lexer.scanner
            entry = self._by_lexer[id(lexer)] = (tuple(scanner._mres), lexer.ignore_types, lexer.newline_types,
                                                 lexer.callback)
        self._lexers[state] = entry
        return entry

    # ---- lexing and parsing, in one loop -------------------------------------------
    def parse(self, text: str):
        states, lexers, chains, finish = self._states, self._lexers, self._chains, self._end
        newline_kind, opening, closing, continuing = self._joining
        spaces = _SPACES.match
        state_stack = [self._start]
        value_stack: list = []
        pos, line, line_start, text_end = 0, 1, 0, len(text)
        depth, previous, at_end = 0, None, False
        while True:
            # the next token, among the terminals the current state accepts (contextual lexing)
            if pos < text_end and (text[pos] == " " or text[pos] == "\t"):    # WS, ignored in every state
                pos = spaces(text, pos).end()
            if pos >= text_end:
                kind, token, at_end = "$END", None, True
            else:
                mres, ignore, newline, on_token = lexers[state_stack[-1]] or self._lexing(state_stack[-1])
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
                if kind in ignore and kind not in on_token:
                    pos, line, line_start = end, end_line, end_start
                    continue
                token = _new_token(kind, m.group(), pos, line, pos - line_start + 1, end_line,
                                   end - end_start + 1, end)
                pos, line, line_start = end, end_line, end_start
                if kind in on_token:
                    token = on_token[kind](token)
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
            # the parser takes it: reductions, then a shift (at the end: reductions to the start rule)
            while True:
                action = states[state_stack[-1]].get(kind)
                if action is None:
                    raise Unparsed
                if action.__class__ is int:
                    if at_end:
                        raise Unparsed
                    state_stack.append(action)
                    value_stack.append(token)
                    break
                size, build, origin, passes = action
                if passes and not at_end:
                    # A chain of `?rule` reductions: only the state on top changes.
                    key = (state_stack[-2], state_stack[-1], kind)
                    top = chains.get(key)
                    if top is None:
                        top = chains[key] = self._chain(key)
                    state_stack[-1] = top
                    continue
                if size:
                    children = value_stack[-size:]
                    del state_stack[-size:]
                    del value_stack[-size:]
                else:
                    children = []
                value_stack.append(build(children))
                state_stack.append(states[state_stack[-1]][origin])
                if at_end and state_stack[-1] == finish:
                    return value_stack[-1]

    def _chain(self, key: tuple) -> int:
        """The state on top after the pass-through reductions that `kind` triggers over
        (below, top): each pops one state and pushes the goto of the state below."""
        below, top, kind = key
        states = self._states
        action = states[top].get(kind)
        while action.__class__ is tuple and action[3]:
            top = states[below][action[2]]
            action = states[top].get(kind)
        return top

