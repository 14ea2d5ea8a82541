# Build the Windows installer of BrandOffice (党建品牌工作台) offline, on a Windows 10/11 x64 PC.
#
# Needs: Python 3.12 x64 (python.org installer; `py -3.12` must work), Inno Setup 6.3+, and a
# wheelhouse made on a PC with internet by `python packaging\wheelhouse.py` (win_amd64, cp312:
# the wheels of packaging\windows\requirements.lock, whose sha256 hashes pip checks again here).
# Run from anywhere:  powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
# Result: dist\brandoffice\ (the program folder) and dist\installer\BrandOffice-<ver>-setup.exe
param(
    [string]$Python = "py",
    [string[]]$PythonArgs = @("-3.12"),
    [string]$Wheelhouse = "wheelhouse",
    [string]$Iscc = "",
    [switch]$SkipInstaller
)
$ErrorActionPreference = "Stop"
$Root = Resolve-Path (Join-Path $PSScriptRoot "..\..")
Set-Location $Root

function Invoke-Checked([string]$Exe, [string[]]$Arguments) {
    Write-Host "+ $Exe $($Arguments -join ' ')"
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Exe failed with exit code $LASTEXITCODE" }
}

if (-not (Test-Path "$Wheelhouse\requirements.txt")) {
    throw "No $Wheelhouse\requirements.txt: run 'python packaging\wheelhouse.py' on a PC with internet and copy the folder here."
}

# 1. A clean build environment from the wheelhouse only (no network).
$Venv = Join-Path $Root ".venv-build"
if (Test-Path "$Venv\Scripts\python.exe") {
    # A venv left by a build on another Python cannot install these wheels: start anew.
    $Have = (& "$Venv\Scripts\python.exe" -c "import sys; print('%d.%d' % sys.version_info[:2])").Trim()
    if ($Have -ne "3.12") {
        Write-Host "Removing $Venv (Python $Have, the wheelhouse is for 3.12)"
        Remove-Item -Recurse -Force $Venv
    }
}
if (-not (Test-Path "$Venv\Scripts\python.exe")) {
    Invoke-Checked $Python ($PythonArgs + @("-m", "venv", $Venv))
}
$Py = "$Venv\Scripts\python.exe"
Invoke-Checked $Py @("-m", "pip", "install", "--no-index", "--find-links", $Wheelhouse,
                     "--require-hashes", "--no-deps", "-r", "$Wheelhouse\requirements.txt")

# 2. The version resource from brandoffice.__version__, then the one-folder build.
Invoke-Checked $Py @("packaging\windows\make_version_info.py")
$Version = (& $Py -c "import brandoffice; print(brandoffice.__version__)").Trim()
Invoke-Checked $Py @("-m", "PyInstaller", "--noconfirm", "--clean", "packaging\brandoffice.spec")

# 3. The bundle must pass its self-test before it is packed (console twin of the window exe).
$env:QT_QPA_PLATFORM = "offscreen"
Invoke-Checked "dist\brandoffice\brandoffice-cli.exe" @("--self-test")
Remove-Item Env:\QT_QPA_PLATFORM

if ($SkipInstaller) { exit 0 }

# 4. The installer.
if (-not $Iscc) {
    $Candidates = @("${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe",
                    "$env:ProgramFiles\Inno Setup 6\ISCC.exe",
                    "$env:LOCALAPPDATA\Programs\Inno Setup 6\ISCC.exe")
    $Iscc = $Candidates | Where-Object { Test-Path $_ } | Select-Object -First 1
}
if (-not $Iscc) { throw "ISCC.exe (Inno Setup 6.3+) not found: install it or pass -Iscc <path>" }
Invoke-Checked $Iscc @("/DAppVersion=$Version", "packaging\windows\brandoffice.iss")
Write-Host "Installer: dist\installer\BrandOffice-$Version-setup.exe"
