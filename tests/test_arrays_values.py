"""Arrays as values: `+` keeps a tableau a tableau, structures are copied into arrays."""
import pytest

from wltest import run_source
from wlmail.runtime.arrays import WLArray
from wlmail.runtime.errors import WLError


def test_plus_on_arrays_gives_an_array_converted_to_the_left_type(tmp_path):
    result = run_source("""
        t est un tableau de chaînes = ["a"]
        t += ["b"]
        Trace(t.Occurrence, t[2], t..Occurrence)
        n est un tableau d'entiers = [1]
        n = n + ["2", 3]
        Trace(n.Occurrence, n[2] + n[3])
        """, tmp_path)
    assert (result.stdout, result.stderr, result.code) == ("2 b 2\n3 5\n", "", 0)


def test_plus_on_an_array_and_a_number_is_a_wlangage_error():
    with pytest.raises(WLError, match="does not apply to tableau and entier"):
        WLArray([1]) + 2


def test_adding_a_structure_to_an_array_stores_a_copy(tmp_path):
    result = run_source("""
        ST est une Structure
          x est un entier
        FIN
        s est un ST
        tab est un tableau de ST
        s.x = 1
        tab.Ajoute(s)
        s.x = 2
        Ajoute(tab, s)
        s.x = 3
        TableauAjoute(tab, s)
        s.x = 4
        TableauInsère(tab, 1, s)
        s.x = 5
        Trace(tab[1].x, tab[2].x, tab[3].x, tab[4].x, s.x)
        """, tmp_path)
    assert (result.stdout, result.stderr, result.code) == ("4 1 2 3 5\n", "", 0)

