using GirAgent.IntegrationTests.Support;

namespace GirAgent.IntegrationTests.Packaging;

/// <summary>
/// EL9/EL10's httpd layout, laid out around Debian's httpd binary (no EL machine is reachable here), in a mount and
/// network namespace of the test's own: /etc, /usr/sbin and /usr/lib64 overlaid (changes land in the test's
/// directory, gone with it), /etc/apache2 and apache2 hidden, /usr/sbin/httpd the apache2 binary,
/// /etc/httpd/{conf/httpd.conf, conf.d, conf.modules.d, modules -> ../../usr/lib64/httpd/modules, logs, run},
/// user and group apache, /run a tmpfs without /run/httpd. Then the EL defaults are used as an operator there
/// would: the tenants rendered with no layout named, the agent started with no configfile, no httpd, `cluster setup`
/// printed with no --config, and the RPM's paths looked for in the tree.
/// </summary>
public sealed class ElLayoutTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("girlb-el-");

    public void Dispose() => _dir.Delete(recursive: true);

    private const string Script = """
        set -eu
        w=$1; gir=$2; sample=$3; port=$4
        ip link set lo up
        overlay() { # DIR: its changes go to $w/overlay, never to the machine
          local n; n=$(echo "$1" | tr / _)
          mkdir -p "$w/overlay/$n/upper" "$w/overlay/$n/work"
          mount -t overlay overlay -o "lowerdir=$1,upperdir=$w/overlay/$n/upper,workdir=$w/overlay/$n/work" "$1"
        }
        cp /usr/sbin/apache2 "$w/httpd"
        overlay /etc; overlay /usr/sbin; overlay /usr/lib64
        mount -t tmpfs -o mode=0755 tmpfs /run
        mkdir -p /run/lock
        mount -t tmpfs -o mode=0755 tmpfs /var/log
        rm -rf /etc/apache2 /usr/sbin/apache2 /usr/sbin/apache2ctl /usr/sbin/apachectl
        install -m 0755 "$w/httpd" /usr/sbin/httpd
        mkdir -p /usr/lib64/httpd /etc/httpd/conf /etc/httpd/conf.d /etc/httpd/conf.modules.d /var/log/httpd /etc/girlb
        ln -s /usr/lib/apache2/modules /usr/lib64/httpd/modules
        ln -s ../../usr/lib64/httpd/modules /etc/httpd/modules
        ln -s ../../var/log/httpd /etc/httpd/logs
        ln -s /run/httpd /etc/httpd/run
        grep -q '^apache:' /etc/group || echo 'apache:x:48:' >>/etc/group
        grep -q '^apache:' /etc/passwd || echo 'apache:x:48:48:Apache:/usr/share/httpd:/sbin/nologin' >>/etc/passwd
        for m in mpm_event authz_core authz_host status headers proxy proxy_http proxy_balancer slotmem_shm lbmethod_byrequests; do
          echo "LoadModule ${m}_module modules/mod_$m.so"
        done >/etc/httpd/conf.modules.d/00-base.conf
        cat >/etc/httpd/conf/httpd.conf <<CONF
        ServerRoot "/etc/httpd"
        Listen 127.0.0.1:$port
        Include conf.modules.d/*.conf
        User apache
        Group apache
        ServerName el.girlb
        ErrorLog "logs/error_log"
        LogLevel warn
        IncludeOptional conf.d/*.conf
        CONF
        cp "$sample" /etc/girlb/tenants.json
        export PATH=/usr/sbin:/usr/bin:/sbin:/bin
        echo "== render"
        # the one thing an EL httpd knows that Debian's binary does not: its own default -f
        "$gir" tenants render --httpd-config /etc/httpd/conf/httpd.conf; echo "render=$?"
        ls /etc/httpd/conf.d
        echo "== start"
        export OCF_ROOT=/usr/lib/ocf OCF_RESOURCE_INSTANCE=webserver OCF_RESKEY_statusurl="http://127.0.0.1:$port/server-status"
        "$gir" ocf webserver start; echo "start=$?"
        "$gir" ocf webserver monitor; echo "monitor=$?"
        echo "run-httpd=$(stat -c '%U:%G %a' /run/httpd)"
        echo "workers=$(ps -o user= --ppid "$(cat /run/girlb/webserver-webserver.pid)" | sort -u | tr '\n' ' ')"
        echo "master=$(readlink /proc/"$(cat /run/girlb/webserver-webserver.pid)"/exe)"
        echo "== meta-data"
        "$gir" ocf webserver meta-data >"$w/meta-data.xml"
        for p in configfile httpd; do
          echo "default $p=$(xmllint --xpath "string(//parameter[@name='$p']/content/@default)" "$w/meta-data.xml")"
        done
        echo "== setup"
        "$gir" cluster setup --vip 127.0.0.9 --cidr 8 --nic lo --no-fencing --no-alert 2>&1 | grep -o 'configfile=[^ ]*\|httpd=[^ ]*' | sort -u | tr '\n' ' '; echo
        echo "== stop"
        "$gir" ocf webserver stop; echo "stop=$?"
        echo "left=$(for p in /proc/[0-9]*; do readlink "$p/exe"; done 2>/dev/null | grep -c -x /usr/sbin/httpd || true)"
        """;

    [Fact]
    public void The_el_defaults_render_start_and_set_up_httpd_in_an_el_tree()
    {
        var sample = Path.Combine(RepoRoot, "packaging", "tenants.sample.json");
        var run = Programs.Run("/usr/bin/unshare", ["-m", "-n", "--propagation", "private", "/bin/bash", "-c", Script, "el",
            _dir.FullName, Programs.Giragent, sample, HttpdSandbox.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture)],
            timeout: TimeSpan.FromMinutes(2));
        var o = run.StandardOutput;
        void Seen(string what) => Assert.True(o.Contains(what, StringComparison.Ordinal), $"'{what}' not in:\n{run}");

        Assert.True(run.ExitCode == 0, run.ToString());
        // tenants render: the EL layout found by itself, files in /etc/httpd/conf.d, checked with httpd -t
        Seen("render=0");
        Seen("loadbalancer_tenant1.conf");
        // the agent with no configfile and no httpd: /etc/httpd/conf/httpd.conf and /usr/sbin/httpd, /run/httpd made
        // for the apache group (EL's httpd keeps its sockets there), workers as apache
        Seen("start=0");
        Seen("monitor=0");
        Seen("run-httpd=root:apache 710");
        Seen("workers=apache ");
        Seen("master=/usr/sbin/httpd");
        Seen("default configfile=/etc/httpd/conf/httpd.conf");
        // (ocf:heartbeat:apache's search order: /sbin/httpd comes first, the same file where /usr is merged, as on EL9)
        Assert.Matches(@"default httpd=(/usr)?/sbin/httpd\n", o);
        // cluster setup without --config: EL's configuration file
        Seen("configfile=/etc/httpd/conf/httpd.conf");
        Seen("stop=0");
        Seen("left=0");
    }

    [Fact]
    public void The_rpm_installs_where_an_el_pacemaker_and_httpd_look()
    {
        // the paths the spec installs to, as an EL machine expands them: Pacemaker finds OCF agents in
        // /usr/lib/ocf/resource.d (not lib64), the alert agent the setup registers, the unit's binary
        var spec = File.ReadAllText(Path.Combine(RepoRoot, "girlb.spec"));
        Assert.Contains("%global ocf_root %{_prefix}/lib/ocf", spec);
        Assert.Contains("Requires:       httpd", spec);
        Assert.Contains("%{_libexecdir}/girlb/alert-agent", spec);
        var unit = File.ReadAllText(Path.Combine(RepoRoot, "packaging", "systemd", "giragent.service"));
        Assert.Contains("ExecStart=/usr/sbin/giragent daemon", unit);
        Assert.Contains("EnvironmentFile=-/etc/sysconfig/giragent", unit);
        // the default alert path cluster setup registers is the one the RPM installs
        var setup = Programs.Run(Programs.Giragent, ["cluster", "setup", "--vip", "127.0.0.9", "--cidr", "8", "--nic", "lo", "--no-fencing",
            "--config", "/etc/httpd/conf/httpd.conf"]);
        Assert.Contains("/usr/libexec/girlb/alert-agent", setup.StandardOutput + setup.StandardError);
    }

    private static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GirAgent.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
        }
    }
}
