#!/usr/bin/env bash
# Installs the outside programs that the PDF output and the tests use, each only when missing:
#   Debian  LibreOffice Writer and Calc (headless), poppler-utils, fonts
#   npm     @ooxml-tools/validate into ./node_modules, exactly as package-lock.json says
#   PyPI    page-validation (the PDF/UA-1 checker) into the virtual environment
# Quiet and quick when everything is there; safe to run again.
# Without root or password-less sudo it only lists what is missing and exits 0:
# the tests that need a missing client then skip (and fail under CI=true).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PY=${PY:-.venv/bin/python}
PDFUA_CHECKER='page-validation>=0.11,<0.12'
FONT_PACKAGES=(
    fonts-liberation2        # Arial, Times New Roman, Courier New metrics
    fonts-dejavu-core        # LibreOffice's default fallback
    fonts-dejavu-extra
    fonts-crosextra-carlito  # Calibri metrics
    fonts-crosextra-caladea  # Cambria metrics
    fonts-symbola            # emoji and symbols as outlines (colour emoji do not export to PDF)
)
missing_manual=()

say() { echo "install-clients: $*" >&2; }

deb_installed() {  # true when any of the named Debian packages is installed
    local status
    status=$(dpkg-query -W -f='${Status}\n' "$@" 2>/dev/null || true)
    grep -q '^install ok installed$' <<<"$status"
}

missing_debian_packages() {
    if ! command -v soffice >/dev/null; then
        echo libreoffice-writer-nogui libreoffice-calc-nogui
    elif command -v dpkg-query >/dev/null \
        && ! deb_installed libreoffice-calc-nogui libreoffice-calc; then
        # add Calc of the same flavour as the Writer that is there
        if deb_installed libreoffice-core-nogui; then echo libreoffice-calc-nogui; else echo libreoffice-calc; fi
    fi
    command -v pdftotext >/dev/null || echo poppler-utils
    if command -v dpkg-query >/dev/null; then
        local font
        for font in "${FONT_PACKAGES[@]}"; do
            deb_installed "$font" || echo "$font"
        done
    fi
}

root_command() {  # prints the prefix that runs a command as root, or fails
    if [ "$(id -u)" = 0 ]; then
        echo ""
    elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
        echo "sudo -n"
    else
        return 1
    fi
}

install_debian_packages() {
    local packages prefix log
    read -r -a packages <<<"$(missing_debian_packages | tr '\n' ' ')"
    [ "${#packages[@]}" -eq 0 ] && return 0
    if ! command -v apt-get >/dev/null || ! prefix=$(root_command); then
        missing_manual+=("Debian packages (needs root or password-less sudo): ${packages[*]}")
        return 0
    fi
    say "installing ${packages[*]}"
    log=$(mktemp)
    if ! { $prefix apt-get update -qq \
        && $prefix env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            --no-install-recommends "${packages[@]}"; } >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        say "apt-get failed"
        return 1
    fi
    rm -f "$log"
}

install_node_packages() {
    local bin=node_modules/.bin/ooxml-validate
    if [ -x "$bin" ] && ! [ package-lock.json -nt node_modules/.package-lock.json ]; then
        return 0
    fi
    if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
        missing_manual+=("node 20+ and npm (then: npm ci), for @ooxml-tools/validate")
        return 0
    fi
    local major
    major=$(node --version | sed -E 's/^v([0-9]+).*/\1/')
    if [ "$major" -lt 20 ] 2>/dev/null; then
        missing_manual+=("node 20 or newer for @ooxml-tools/validate (found $(node --version))")
        return 0
    fi
    say "npm ci (@ooxml-tools/validate)"
    npm ci --no-audit --no-fund --loglevel=error >/dev/null
}

install_python_packages() {
    if ! [ -x "$PY" ]; then
        missing_manual+=("the virtual environment $PY (make setup), then $PDFUA_CHECKER")
        return 0
    fi
    "$PY" -c 'import page' 2>/dev/null && return 0
    say "pip install $PDFUA_CHECKER"
    "$PY" -m pip install --quiet --disable-pip-version-check "$PDFUA_CHECKER"
}

install_debian_packages
install_node_packages
install_python_packages

if [ "${#missing_manual[@]}" -gt 0 ]; then
    say "not installed; tests that need them skip here (and fail under CI=true):"
    printf '  - %s\n' "${missing_manual[@]}" >&2
fi
exit 0
