"""Ship grammar/wlangage.lark inside the wheel as wlmail/grammar/wlangage.lark."""
import pathlib
import shutil

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithGrammar(build_py):
    def run(self):
        super().run()
        target = pathlib.Path(self.build_lib, "wlmail", "grammar")
        target.mkdir(parents=True, exist_ok=True)
        for src in pathlib.Path(__file__).parent.joinpath("grammar").glob("*.lark"):
            shutil.copy2(src, target / src.name)


setup(cmdclass={"build_py": BuildWithGrammar})
