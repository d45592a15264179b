#!/usr/bin/python3
"""Writes po/zh_CN.po from po/spicedesk.pot and the translations below, so the catalogue stays
complete: a msgid without a translation here makes this script fail, naming it.
Run: ninja -C build spicedesk-pot && po/tools/update_zh_CN.py"""
import re
import sys
from pathlib import Path

ZH = {
    'SpiceDesk': 'SpiceDesk',
    'libvirt URI to connect to (default: SPICEDESK_URI, else the saved default connection, else the first that applies of qemu:///system, qemu:///embed and test:///default)':
        '要连接的 libvirt URI（默认：SPICEDESK_URI；否则为保存的默认连接；否则依次取 qemu:///system、qemu:///embed 和 test:///default 中第一个可用的）',
    'Cannot open the virtual machine': '无法打开虚拟机',
    'Cannot open the connection': '无法打开连接',
    'Display': '显示',
    'Video': '显卡',
    'Sound': '声卡',
    'Channels and USB': '通道与 USB',
    'XML': 'XML',
    'Changes reverted.': '已撤销更改。',
    '{} — Customize configuration before install': '{} — 安装前自定义配置',
    '{} on {}': '{}（{}）',
    '{} pending change(s).': '{} 项待应用的更改。',
    'Switch to _VNC': '切换到 VNC(_V)',
    'Switch to _SPICE': '切换到 SPICE(_S)',
    'The XML is not valid; nothing was changed.': 'XML 无效；未做任何更改。',
    'Nothing to apply.': '没有需要应用的更改。',
    'Not applied — the definition is unchanged: {}': '未应用 — 定义保持不变：{}',
    'Saved. The machine is running: the changes take effect at its next boot.': '已保存。虚拟机正在运行：更改将在下次启动时生效。',
    'Saved.': '已保存。',
    'Cannot define the machine: {}': '无法定义虚拟机：{}',
    'The machine is defined but did not start: {}': '虚拟机已定义，但未能启动：{}',
    'Switch the display to VNC?': '将显示切换到 VNC？',
    'Switch the display to SPICE?': '将显示切换到 SPICE？',
    'These lines of the definition change (- removed, + added). Apply writes them.': '定义中以下各行将改变（- 删除，+ 添加）。点击“应用”后写入。',
    '_Cancel': '取消(_C)',
    '_Switch': '切换(_S)',
    'Convert the display and its companion devices, showing the XML difference first': '转换显示及其配套设备，先显示 XML 差异',
    '_Apply': '应用(_A)',
    '_Revert': '撤销(_R)',
    '_Begin Installation': '开始安装(_B)',
    '_Cancel Installation': '取消安装(_C)',
    'Hardware': '硬件',
    'SPICE _agent channel (spicevmc, com.redhat.spice.0)': 'SPICE 代理通道（spicevmc，com.redhat.spice.0）(_A)',
    'USB _redirectors:': 'USB 重定向器(_R)：',
    'USB redirectors': 'USB 重定向器',
    'USB _tablet (absolute pointer: client mouse mode)': 'USB 数位板（绝对定位：客户端鼠标模式）(_T)',
    'Port {} is in use on this host; choose another or an automatic port.': '端口 {} 在本机已被占用；请选择其他端口或自动端口。',
    'Port {} is outside 5900–65535.': '端口 {} 不在 5900–65535 范围内。',
    'TLS port {} is outside 5900–65535.': 'TLS 端口 {} 不在 5900–65535 范围内。',
    '_Type:': '类型(_T)：',
    'VNC server': 'VNC 服务器',
    'Spice server': 'Spice 服务器',
    'Display type': '显示类型',
    '_Listen on:': '监听于(_L)：',
    'Default (no listen address)': '默认（无监听地址）',
    'Localhost only (127.0.0.1)': '仅本机（127.0.0.1）',
    'All interfaces (0.0.0.0)': '所有接口（0.0.0.0）',
    'Address': '地址',
    'Listen type': '监听类型',
    'Listen address': '监听地址',
    '_Automatic port': '自动端口(_A)',
    'Port': '端口',
    '_TLS port': 'TLS 端口(_T)',
    'TLS port': 'TLS 端口',
    '_Password': '密码(_P)',
    'Display password': '显示密码',
    'Model:': '型号：',
    'USB audio': 'USB 音频',
    '_Model:': '型号(_M)：',
    'Video model': '显卡型号',
    '_Video memory (vram, MiB):': '显存（vram，MiB）(_V)：',
    'Video memory in MiB': '显存（MiB）',
    '_RAM (MiB):': '内存（MiB）(_R)：',
    'QXL RAM in MiB': 'QXL 内存（MiB）',
    'VGA _memory (MiB):': 'VGA 内存（MiB）(_M)：',
    'VGA memory in MiB': 'VGA 内存（MiB）',
    '_Heads:': '显示器数(_H)：',
    'Heads': '显示器数',
    'Domain XML': '域 XML',
    'Running': '运行中',
    'Idle': '空闲',
    'Paused': '已暂停',
    'Shutting down': '正在关机',
    'Shut off': '已关机',
    'Crashed': '已崩溃',
    'Suspended': '已挂起',
    'Unknown': '未知',
    'CPU {:.0f} %': 'CPU {:.0f} %',
    'Cannot start the virtual machine': '无法启动虚拟机',
    'Cannot resume the virtual machine': '无法恢复虚拟机',
    'Cannot pause the virtual machine': '无法暂停虚拟机',
    'Cannot shut down the virtual machine': '无法关闭虚拟机',
    'Cannot reboot the virtual machine': '无法重启虚拟机',
    'Cannot force off the virtual machine': '无法强制关闭虚拟机',
    'Connected to {}': '已连接到 {}',
    'Delete the virtual machine “{}”?': '删除虚拟机“{}”？',
    'Its definition is removed; a running machine is forced off first.': '其定义将被删除；运行中的虚拟机会先被强制关闭。',
    'Also delete its disk images': '同时删除其磁盘映像',
    '_Delete': '删除(_D)',
    'Cannot delete the virtual machine': '无法删除虚拟机',
    'Some disk images were not deleted': '部分磁盘映像未被删除',
    'Connect to a libvirt URI': '连接到 libvirt URI',
    'For example qemu:///system, qemu+ssh://root@host/system or test:///default.': '例如 qemu:///system、qemu+ssh://root@host/system 或 test:///default。',
    'Connection URI': '连接 URI',
    'C_onnect': '连接(_O)',
    'Cannot connect': '无法连接',
    'SpiceDesk Virtual Machine Manager': 'SpiceDesk 虚拟机管理器',
    'Create a new virtual machine': '创建新虚拟机',
    'New virtual machine': '新建虚拟机',
    'Connect to another libvirt URI': '连接到另一个 libvirt URI',
    'Add connection': '添加连接',
    '_Open': '打开(_O)',
    "Show the virtual machine's details and console": '显示虚拟机的详情和控制台',
    '_Run': '运行(_R)',
    '_Pause': '暂停(_P)',
    '_Shut Down': '关机(_S)',
    'Re_boot': '重启(_B)',
    '_Force Off': '强制关闭(_F)',
    'Virtual machines': '虚拟机',
    'Connection': '连接',
    'Step 1 of 5: How will the operating system be installed?': '第 1 步，共 5 步：如何安装操作系统？',
    'Step 2 of 5: Memory and CPUs': '第 2 步，共 5 步：内存和 CPU',
    'Step 3 of 5: Storage': '第 3 步，共 5 步：存储',
    'Step 4 of 5: Name, network and summary': '第 4 步，共 5 步：名称、网络和摘要',
    'The disk image was not created.': '磁盘映像未能创建。',
    'The host has {} MiB of memory and {} CPUs.': '主机有 {} MiB 内存和 {} 个 CPU。',
    'This connection has no virtual networks: NAT is user-mode networking.': '此连接没有虚拟网络：NAT 为用户模式网络。',
    'Give the path of the install ISO image or CD-ROM device.': '请给出安装 ISO 映像或光驱设备的路径。',
    'Give the path of the disk image to import.': '请给出要导入的磁盘映像路径。',
    '{} does not exist.': '{} 不存在。',
    'new {} GiB qcow2 image': '新建 {} GiB qcow2 映像',
    'none': '无',
    'Operating system: {}\\nMemory: {} MiB, CPUs: {}\\nStorage: {}\\nConnection: {}':
        '操作系统：{}\\n内存：{} MiB，CPU：{}\\n存储：{}\\n连接：{}',
    'The machine needs a name.': '虚拟机需要一个名称。',
    'A machine named “{}” already exists on {}.': '{1} 上已有名为“{0}”的虚拟机。',
    'Give the name of the bridge.': '请给出网桥名称。',
    'Creating {}': '正在创建 {}',
    'New Virtual Machine': '新建虚拟机',
    'Local install media (ISO image or CD-ROM)': '本地安装介质（ISO 映像或光驱）',
    'Install media path': '安装介质路径',
    'Import existing disk image': '导入现有磁盘映像',
    'Existing disk image path': '现有磁盘映像路径',
    'Network boot (PXE)': '网络引导（PXE）',
    '_Manual install (no media)': '手动安装（无介质）(_M)',
    'Operating system:': '操作系统：',
    'Generic Linux': '通用 Linux',
    'RHEL 6 style KVM guest': 'RHEL 6 风格的 KVM 客户机',
    'Operating system': '操作系统',
    'Memory (MiB):': '内存（MiB）：',
    'Memory in MiB': '内存（MiB）',
    'CPUs:': 'CPU：',
    'CPUs': 'CPU',
    'Create a new disk image (qcow2)': '创建新的磁盘映像（qcow2）',
    'Size (GiB):': '大小（GiB）：',
    'Disk size in GiB': '磁盘大小（GiB）',
    'Use an existing disk image': '使用现有磁盘映像',
    'Existing disk path': '现有磁盘路径',
    'No disk': '无磁盘',
    'Name:': '名称：',
    'Virtual machine name': '虚拟机名称',
    'Network:': '网络：',
    'NAT': 'NAT',
    'Bridge': '网桥',
    'None': '无',
    'Network': '网络',
    'Bridge name': '网桥名称',
    '_Customize configuration before install': '安装前自定义配置(_C)',
    'Creating the disk image': '正在创建磁盘映像',
    'Cancel': '取消',
    'Back': '上一步',
    'Forward': '下一步',
    'Finish': '完成',
    'Virtual Machine Manager': '虚拟机管理器',
    'Create and manage virtual machines and open their SPICE consoles': '创建和管理虚拟机，并打开其 SPICE 控制台',
    'virtual;machine;vm;libvirt;spice;qemu;': '虚拟;机器;虚拟机;vm;libvirt;spice;qemu;',
    'Manage virtual machines and their SPICE consoles': '管理虚拟机及其 SPICE 控制台',
    'SpiceDesk creates and edits virtual machines through libvirt, switches their displays between VNC and SPICE, and shows their consoles in an integrated SPICE viewer.':
        'SpiceDesk 通过 libvirt 创建和编辑虚拟机，在 VNC 与 SPICE 之间切换其显示，并在集成的 SPICE 查看器中显示其控制台。',
    'Default connection': '默认连接',
    'libvirt URI opened at start; empty means the first that applies of SPICEDESK_URI, qemu:///system, qemu:///embed and test:///default.':
        '启动时打开的 libvirt URI；为空表示依次取 SPICEDESK_URI、qemu:///system、qemu:///embed 和 test:///default 中第一个可用的。',
    'Console scaling': '控制台缩放',
    "Whether the console scales the guest's screen to the window (keeping its aspect) or shows it 1:1.":
        '控制台是将客户机屏幕缩放到窗口大小（保持宽高比），还是按 1:1 显示。',
    'Confirm forcing a machine off': '强制关闭虚拟机前确认',
    'Confirm deleting a machine': '删除虚拟机前确认',
    'The machine is not running. Start it to see its console.': '虚拟机未运行。启动后即可查看其控制台。',
    'No console: {}': '无控制台：{}',
    'No console: the display address is not understood.': '无控制台：无法识别显示地址。',
    "This machine's display is SPICE. spicedesk's own SPICE viewer is not part of this version yet: open the console in remote-viewer, or switch the display to VNC.":
        '此虚拟机的显示为 SPICE。本版本尚未包含 spicedesk 自带的 SPICE 查看器：请在 remote-viewer 中打开控制台，或将显示切换到 VNC。',
    'Connecting…': '正在连接…',
    'The console refused the password: {}': '控制台拒绝了密码：{}',
    'The console connection failed: {}': '控制台连接失败：{}',
    'The console was disconnected.': '控制台已断开。',
    'Saved {}': '已保存 {}',
    'Connect': '连接',
    'Send Ctrl+Alt+Del': '发送 Ctrl+Alt+Del',
    'Scale to fit': '缩放以适应',
    'Screenshot': '截图',
    'Open in remote-viewer': '在 remote-viewer 中打开',
    'Console': '控制台',
    # spicedesk-viewer and the console's SPICE view
    'Send _Key': '发送按键(_K)',
    'Send a key combination to the guest': '向客户机发送组合键',
    'Full screen': '全屏',
    'Full screen (Ctrl+Alt+F toggles)': '全屏（Ctrl+Alt+F 切换）',
    'not a spice:// URI': '不是 spice:// URI',
    "the IPv6 address in the URI has no closing ']'": 'URI 中的 IPv6 地址缺少结尾的“]”',
    'unexpected text after the host in the URI': 'URI 中主机之后有多余的文本',
    'the URI names no host': 'URI 未指定主机',
    "'{}' is not a port (1-65535)": '“{}”不是端口（1-65535）',
    'the URI names no port': 'URI 未指定端口',
    'no [virt-viewer] group: not a virt-viewer connection file': '没有 [virt-viewer] 组：不是 virt-viewer 连接文件',
    "the connection type is '{}'; only 'spice' is supported": '连接类型为“{}”；仅支持“spice”',
    'the file names no host': '文件未指定主机',
    'the file names no port': '文件未指定端口',
    '{} needs a value': '{} 需要一个值',
    "{}: '{}' is not a port (1-65535)": '{}：“{}”不是端口（1-65535）',
    'the password given with -w is visible to other users of this machine (in the process list); prefer --password-file FILE or the environment variable SPICEDESK_PASSWORD':
        '用 -w 给出的密码对本机其他用户可见（在进程列表中）；请改用 --password-file FILE 或环境变量 SPICEDESK_PASSWORD',
    'unknown option {} (see --help)': '未知选项 {}（见 --help）',
    'give one URI or .vv file': '只能给出一个 URI 或 .vv 文件',
    'the spice:// URI is not valid: {}': 'spice:// URI 无效：{}',
    'only spice:// URIs are supported': '仅支持 spice:// URI',
    'cannot read the connection file {}': '无法读取连接文件 {}',
    'cannot read the password file {}': '无法读取密码文件 {}',
    'no server given: use -h HOST -p PORT, a spice:// URI or a .vv file (see --help)':
        '未指定服务器：请使用 -h HOST -p PORT、spice:// URI 或 .vv 文件（见 --help）',
    'no port given for {}: use -p PORT or --tls-port PORT': '未给出 {} 的端口：请使用 -p PORT 或 --tls-port PORT',
    "Usage: spicedesk-viewer [OPTIONS] [spice://HOST:PORT?... | FILE.vv]\\nShows a virtual machine's screen over SPICE.\\n\\n  -h, --host HOST          server host\\n  -p, --port PORT          server port\\n  -s, --tls-port PORT      server TLS port (also --secure-port)\\n  -w, --password PASSWORD  ticket password (visible to other users; prefer\\n                           --password-file or SPICEDESK_PASSWORD)\\n      --password-file FILE read the password from FILE (first line)\\n      --ca-file FILE       CA certificate (PEM) for TLS\\n      --host-subject SUBJ  expected subject of the server's certificate\\n  -f, --full-screen        open full screen\\n  -t, --title TITLE        window title\\n      --screenshot FILE    connect without a window, save the first complete\\n                           picture (PNG, or PPM for .ppm) and exit\\n      --version            print the version\\n      --help               this text\\n\\nIn the window, Ctrl+Alt releases the keyboard and pointer, Ctrl+Alt+F toggles full\\nscreen.\\n":
        "用法：spicedesk-viewer [选项] [spice://HOST:PORT?... | FILE.vv]\\n通过 SPICE 显示虚拟机的屏幕。\\n\\n  -h, --host HOST          服务器主机\\n  -p, --port PORT          服务器端口\\n  -s, --tls-port PORT      服务器 TLS 端口（也可用 --secure-port）\\n  -w, --password PASSWORD  票据密码（其他用户可见；请优先使用\\n                           --password-file 或 SPICEDESK_PASSWORD）\\n      --password-file FILE 从 FILE 读取密码（第一行）\\n      --ca-file FILE       用于 TLS 的 CA 证书（PEM）\\n      --host-subject SUBJ  服务器证书应有的主题\\n  -f, --full-screen        以全屏打开\\n  -t, --title TITLE        窗口标题\\n      --screenshot FILE    不打开窗口而连接，保存第一幅完整画面\\n                           （PNG；文件名以 .ppm 结尾时为 PPM）后退出\\n      --version            显示版本\\n      --help               显示本帮助\\n\\n在窗口中，Ctrl+Alt 释放键盘和指针，Ctrl+Alt+F 切换全屏。\\n",
    'the display has no picture': '显示器没有画面',
    'Ctrl+Alt+_Del': 'Ctrl+Alt+_Del',
    'Ctrl+Alt+_Backspace': 'Ctrl+Alt+_Backspace',
    'Ctrl+Alt+F_1': 'Ctrl+Alt+F_1',
    'Ctrl+Alt+F_2': 'Ctrl+Alt+F_2',
    'Ctrl+Alt+F_3': 'Ctrl+Alt+F_3',
    'Ctrl+Alt+F_4': 'Ctrl+Alt+F_4',
    'Ctrl+Alt+F_5': 'Ctrl+Alt+F_5',
    'Ctrl+Alt+F_6': 'Ctrl+Alt+F_6',
    'Ctrl+Alt+F_7': 'Ctrl+Alt+F_7',
    'Ctrl+Alt+F_8': 'Ctrl+Alt+F_8',
    'Ctrl+Alt+F_9': 'Ctrl+Alt+F_9',
    'Ctrl+Alt+F1_0': 'Ctrl+Alt+F1_0',
    'Ctrl+Alt+F11': 'Ctrl+Alt+F11',
    'Ctrl+Alt+F12': 'Ctrl+Alt+F12',
    '_PrintScreen': 'PrintScreen 截屏键(_P)',
    '{}:{} (SPICE)': '{}:{}（SPICE）',
    '{} — monitor {}': '{} — 显示器 {}',
    'Connecting to {}…': '正在连接 {}…',
    "Connected; waiting for the guest's picture…": '已连接；正在等待客户机画面…',
    'The server refused the password: {}': '服务器拒绝了密码：{}',
    'The SPICE connection failed: {}': 'SPICE 连接失败：{}',
    'The server closed the connection.': '服务器关闭了连接。',
    'warning': '警告',
    'no screenshot of {}:{}: {}': '未能截取 {}:{} 的画面：{}',
    'Ctrl+Alt releases the keyboard and pointer': 'Ctrl+Alt 释放键盘和指针',
}

HEADER = '''# Simplified Chinese translation of spicedesk.
# Generated by po/tools/update_zh_CN.py from spicedesk.pot; edit the table there.
msgid ""
msgstr ""
"Project-Id-Version: spicedesk 0.1.0\\n"
"PO-Revision-Date: 2026-11-25 00:00+0000\\n"
"Last-Translator: spicedesk developers\\n"
"Language-Team: Chinese (simplified)\\n"
"Language: zh_CN\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"
'''


def main():
    po_dir = Path(__file__).resolve().parent.parent
    pot = (po_dir / "spicedesk.pot").read_text(encoding="utf-8")
    entries = []
    missing = []
    for match in re.finditer(r'^((?:#.*\n)*)msgid ((?:".*"\n)+)msgstr ""\n', pot, re.M):
        comments, raw = match.group(1), match.group(2)
        msgid = "".join(re.findall(r'"(.*)"', raw))
        if not msgid:
            continue
        if msgid not in ZH:
            missing.append(msgid)
            continue
        refs = "".join(line + "\n" for line in comments.splitlines() if line.startswith("#:"))
        entries.append(f'{refs}msgid "{msgid}"\nmsgstr "{ZH[msgid]}"\n')
    if missing:
        print("untranslated:", *missing, sep="\n  ", file=sys.stderr)
        return 1
    (po_dir / "zh_CN.po").write_text(HEADER + "\n" + "\n".join(entries), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
