"""Expected hosts from an inventory: Ansible INI, YAML, `ansible-inventory --list` JSON, a list."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from mirror_audit.errors import UsageError
from mirror_audit.inventory import expand, read_inventory

INI = """\
    ungrouped.example.com ansible_connection=local
    [web]
    web01 ansible_host=10.0.0.1
    web02:2222
    [db]
    db[1:3].dc2
    [web:vars]
    http_port=80
    [prod:children]
    web
    db
    """

INVENTORIES = [
    pytest.param("web01\nweb02\n# gone: web03\n", ["web01", "web02"], id="plain-list"),
    pytest.param(
        INI,
        ["ungrouped.example.com", "web01", "web02", "db1.dc2", "db2.dc2", "db3.dc2"],
        id="ini-groups-vars-children",
    ),
    pytest.param(
        """\
        all:
          hosts:
            lonely.example.com:
          children:
            web:
              hosts:
                web[01:02]:
                  ansible_host: 10.0.0.1
            db:
              vars:
                port: 5432
              children:
                primary:
                  hosts:
                    db-a: {}
        """,
        ["lonely.example.com", "web01", "web02", "db-a"],
        id="yaml",
    ),
    pytest.param(
        """\
        {"_meta": {"hostvars": {"web01": {"x": 1}}},
         "all": {"children": ["ungrouped", "web"]},
         "web": {"hosts": ["web01", "web02"]},
         "ungrouped": {"hosts": ["solo"]}}
        """,
        ["web01", "web02", "solo"],
        id="ansible-inventory-list-json",
    ),
    pytest.param('["a", "b", "a"]', ["a", "b"], id="json-list-deduplicated"),
]


@pytest.mark.parametrize(("text", "hosts"), INVENTORIES)
def test_read_inventory(tmp_path: Path, text: str, hosts: list[str]) -> None:
    path = tmp_path / "inventory"
    path.write_text(textwrap.dedent(text))
    assert read_inventory(str(path)) == hosts


RANGES = [
    pytest.param("web", ["web"], id="no-range"),
    pytest.param("web[1:3]", ["web1", "web2", "web3"], id="numeric"),
    pytest.param("web[08:10].x", ["web08.x", "web09.x", "web10.x"], id="zero-padded"),
    pytest.param("n[0:6:3]", ["n0", "n3", "n6"], id="stride"),
    pytest.param("db-[a:c]", ["db-a", "db-b", "db-c"], id="alphabetic"),
    pytest.param("r[1:2]-[a:b]", ["r1-a", "r1-b", "r2-a", "r2-b"], id="two-ranges"),
]


@pytest.mark.parametrize(("pattern", "hosts"), RANGES)
def test_expand_ranges(pattern: str, hosts: list[str]) -> None:
    assert expand(pattern) == hosts


BAD = [
    pytest.param("{not json", "not valid JSON", id="json"),
    pytest.param("all:\n  hosts: [\n", "not valid YAML", id="yaml"),
    pytest.param("web[aa:zz]\n", "cannot expand", id="range"),
    pytest.param('{"_meta": {"hostvars": ["a"]}}', "hostvars", id="json-hostvars-not-a-table"),
]


@pytest.mark.parametrize(("text", "message"), BAD)
def test_bad_inventories_are_usage_errors(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "inventory"
    path.write_text(text)
    with pytest.raises(UsageError, match=message):
        read_inventory(str(path))


ANSIBLE_INVENTORY = Path(sys.executable).parent / "ansible-inventory"
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "ansible" / "inventory.example.yml"


@pytest.mark.integration
@pytest.mark.skipif(not ANSIBLE_INVENTORY.exists(), reason="ansible-core is not installed")
@pytest.mark.parametrize(
    "text",
    [EXAMPLE.read_text(), textwrap.dedent(INI)],
    ids=["example-yaml", "ini"],
)
def test_the_same_hosts_as_ansible_inventory(tmp_path: Path, text: str) -> None:
    path = tmp_path / ("inventory.yml" if "hosts:" in text else "inventory.ini")
    path.write_text(text)
    listed = subprocess.run(
        [str(ANSIBLE_INVENTORY), "-i", str(path), "--list"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "ANSIBLE_HOME": str(tmp_path)},
    )
    (tmp_path / "listed.json").write_text(listed.stdout)
    assert sorted(read_inventory(str(path))) == sorted(
        read_inventory(str(tmp_path / "listed.json"))
    )
    assert len(read_inventory(str(path))) > 5
