; Inno Setup 6.3+ script: installs the PyInstaller one-folder build of BrandOffice (党建品牌工作台).
;
; Built by packaging\windows\build.ps1, which first makes dist\brandoffice\ and then runs
;   ISCC.exe /DAppVersion=<brandoffice.__version__> packaging\windows\brandoffice.iss
; Output: dist\installer\BrandOffice-<version>-setup.exe
;
; The clerk's data is NOT in the install folder: the database, backups, logs and settings live
; in %LOCALAPPDATA%\BrandOffice (platformdirs.user_data_dir("BrandOffice", False)).
; Uninstalling KEEPS that folder on purpose, so removing or reinstalling the program never
; loses the register; only the rebuildable cache %LOCALAPPDATA%\BrandOffice\Cache is removed.
; Nothing in this script may delete {localappdata}\BrandOffice itself.

#if Ver < EncodeVer(6, 3, 0)
  #error Inno Setup 6.3 or newer is needed (x64compatible architecture identifier)
#endif
#ifndef AppVersion
  #error AppVersion is not defined: run packaging\windows\build.ps1 (it passes /DAppVersion=...)
#endif

#define AppName "党建品牌工作台"
#define AppExe "BrandOffice.exe"
#define DistDir "..\..\dist\brandoffice"
#define DataDirName "BrandOffice"

[Setup]
AppId={{08AB563B-7AEE-437C-85F3-20B9404D9678}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=BrandOffice
VersionInfoProductName={#AppName}
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\BrandOffice
DefaultGroupName={#AppName}
; Office PCs are often locked down: install for the current user without administrator
; rights, and let an administrator choose "all users" in the dialog.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist\installer
OutputBaseFilename=BrandOffice-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\brandoffice.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
CloseApplications=yes
DisableProgramGroupPage=yes
ShowLanguageDialog=no

[Languages]
; Inno Setup's Simplified Chinese messages are an unofficial translation
; (ChineseSimplified.isl from the Inno Setup site). Put it beside this script or into the
; compiler's Languages folder; without it the wizard's standard texts are English while the
; texts below stay Chinese.
#if FileExists(AddBackslash(SourcePath) + "ChineseSimplified.isl")
Name: "chs"; MessagesFile: "ChineseSimplified.isl"
#elif FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "chs"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#else
  #pragma message "ChineseSimplified.isl not found: the wizard's standard texts will be English"
Name: "chs"; MessagesFile: "compiler:Default.isl"
#endif

[CustomMessages]
CreateDesktopIcon=创建桌面快捷方式(&D)
AdditionalIcons=附加快捷方式：
LaunchProgram=立即运行 %1
UninstallProgram=卸载 %1
DataKept=已卸载程序。您的数据（数据库、备份和日志）仍保留在：%n%n%1%n%n如不再需要，可手动删除该文件夹。

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only the cache (matplotlib's font list), which the program rebuilds; the data folder stays.
Type: filesandordirs; Name: "{localappdata}\{#DataDirName}\Cache"

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent then
  begin
    DataDir := ExpandConstant('{localappdata}\{#DataDirName}');
    if DirExists(DataDir) then
      MsgBox(FmtMessage(CustomMessage('DataKept'), [DataDir]), mbInformation, MB_OK);
  end;
end;
