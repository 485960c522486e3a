#!/usr/bin/python3
# TEST DOUBLE helper, for sealer's e2e tests only: the config checks of the kubeadm double.
# Reads a kubeadm config file the way `kubeadm init|join --config F` would and refuses it, with one
# line on stderr and exit 1, when it does not parse as YAML or lacks what sealer must put there
# (spec 4.7 for init: controlPlaneEndpoint apiserver.cluster.local:6443, the certSANs, the
# advertise address, etcd-servers, the kubelet cgroup driver, the VIP excluded from IPVS; spec 6.3
# for join: token, endpoint, CA hash, control-plane certificate key). On success prints
# KEY=VALUE lines for the bash double and, for init, writes the KubeletConfiguration to argv[3].
# Usage: kubeadm-double-check.py init|join FILE [KUBELET_CONFIG_OUT]
import ipaddress, os, re, sys
import yaml

mode, path = sys.argv[1], sys.argv[2]
VIP = os.environ.get("KUBE_DOUBLE_VIP", "10.103.97.2")
KUBEADM = ["kubeadm.k8s.io/v1beta1", "kubeadm.k8s.io/v1beta2", "kubeadm.k8s.io/v1beta3", "kubeadm.k8s.io/v1beta4"]
KNOWN = {"InitConfiguration", "ClusterConfiguration", "JoinConfiguration", "KubeletConfiguration", "KubeProxyConfiguration"}


def fail(msg):
    print("kubeadm double: %s: %s" % (path, msg), file=sys.stderr)
    sys.exit(1)


def get(d, *keys):
    for k in keys:
        if not isinstance(d, dict):
            return None
        d = d.get(k)
    return d


def is_ip(s):
    try:
        ipaddress.ip_address(str(s))
        return True
    except ValueError:
        return False


def args_of(doc, api, *keys):
    """extraArgs/kubeletExtraArgs as a dict, refusing the shape the apiVersion does not take."""
    v = get(doc, *keys)
    if v is None:
        return {}
    if api.endswith("v1beta4"):
        if not isinstance(v, list) or not all(isinstance(a, dict) and "name" in a for a in v):
            fail("%s must be a list of {name, value} in %s" % (".".join(keys), api))
        return {a["name"]: a.get("value") for a in v}
    if not isinstance(v, dict):
        fail("%s must be a map in %s" % (".".join(keys), api))
    return v


def version_tuple(v):
    m = re.fullmatch(r"v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+].*)?", str(v))
    if not m:
        fail("kubernetesVersion %r is not a version" % v)
    return (int(m.group(1)), int(m.group(2)), int(m.group(3) or 0))


try:
    with open(path) as f:
        raw = list(yaml.safe_load_all(f))
except (OSError, yaml.YAMLError) as e:
    fail("not valid YAML: " + str(e).splitlines()[0])

docs = {}
for i, d in enumerate(raw, 1):
    if d is None:
        continue
    if not isinstance(d, dict):
        fail("document %d is not a mapping" % i)
    kind, api = d.get("kind"), d.get("apiVersion")
    if not kind or not api:
        fail("document %d has no kind or apiVersion" % i)
    if kind not in KNOWN:
        print("[config] WARNING: Ignored YAML document with GroupVersionKind %s, Kind=%s" % (api, kind), file=sys.stderr)
        continue
    if kind in docs:
        fail("more than one %s" % kind)
    docs[kind] = d

kubelet = docs.get("KubeletConfiguration")
if kubelet is not None:
    if kubelet["apiVersion"] != "kubelet.config.k8s.io/v1beta1":
        fail("KubeletConfiguration apiVersion %s is not kubelet.config.k8s.io/v1beta1" % kubelet["apiVersion"])
    if kubelet.get("cgroupDriver") not in ("systemd", "cgroupfs"):
        fail("KubeletConfiguration cgroupDriver %r is neither systemd nor cgroupfs" % kubelet.get("cgroupDriver"))
out = {}

if mode == "init":
    init, cluster = docs.get("InitConfiguration"), docs.get("ClusterConfiguration")
    if init is None or cluster is None:
        fail("needs an InitConfiguration and a ClusterConfiguration")
    api = cluster["apiVersion"]
    if api not in KUBEADM or init["apiVersion"] != api:
        fail("InitConfiguration and ClusterConfiguration must share one kubeadm apiVersion, got %s and %s" % (init["apiVersion"], api))
    version = version_tuple(cluster.get("kubernetesVersion"))
    if api.endswith("v1beta3") and version < (1, 22, 0):
        fail("%s needs Kubernetes v1.22 or later, not %s" % (api, cluster.get("kubernetesVersion")))
    if api.endswith("v1beta4") and version < (1, 31, 0):
        fail("%s needs Kubernetes v1.31 or later, not %s" % (api, cluster.get("kubernetesVersion")))
    if cluster.get("controlPlaneEndpoint") != "apiserver.cluster.local:6443":
        fail("controlPlaneEndpoint is %r, not apiserver.cluster.local:6443" % cluster.get("controlPlaneEndpoint"))
    adv = get(init, "localAPIEndpoint", "advertiseAddress")
    if not is_ip(adv):
        fail("InitConfiguration localAPIEndpoint.advertiseAddress %r is not an IP address" % adv)
    sans = get(cluster, "apiServer", "certSANs") or []
    for want in ("127.0.0.1", "apiserver.cluster.local", VIP, adv):
        if want not in sans:
            fail("apiServer.certSANs lacks %s" % want)
    etcd = str(args_of(cluster, api, "apiServer", "extraArgs").get("etcd-servers", ""))
    if "https://%s:2379" % adv not in etcd.split(","):
        fail("apiServer extraArgs etcd-servers %r lacks https://%s:2379" % (etcd, adv))
    for key in ("podSubnet", "serviceSubnet"):
        v = get(cluster, "networking", key)
        if v is not None:
            try:
                ipaddress.ip_network(str(v))
            except ValueError:
                fail("networking.%s %r is not a CIDR" % (key, v))
    if not cluster.get("imageRepository"):
        fail("ClusterConfiguration has no imageRepository")
    proxy = docs.get("KubeProxyConfiguration")
    if proxy is not None:
        if proxy["apiVersion"] != "kubeproxy.config.k8s.io/v1alpha1":
            fail("KubeProxyConfiguration apiVersion %s is not kubeproxy.config.k8s.io/v1alpha1" % proxy["apiVersion"])
        if proxy.get("mode") == "ipvs" and VIP + "/32" not in (get(proxy, "ipvs", "excludeCIDRs") or []):
            fail("KubeProxyConfiguration ipvs.excludeCIDRs lacks %s/32" % VIP)
    out.update(ADV=adv, PORT=get(init, "localAPIEndpoint", "bindPort") or 6443,
               VERSION=cluster["kubernetesVersion"], REPO=cluster["imageRepository"],
               NODE=get(init, "nodeRegistration", "name") or "", ETCD=etcd, API=api)
    if len(sys.argv) > 3 and kubelet is not None:
        with open(sys.argv[3], "w") as f:
            yaml.safe_dump(kubelet, f, default_flow_style=False)
elif mode == "join":
    join = docs.get("JoinConfiguration")
    if join is None:
        fail("needs a JoinConfiguration")
    if join["apiVersion"] not in KUBEADM:
        fail("JoinConfiguration apiVersion %s is not a kubeadm one" % join["apiVersion"])
    bt = get(join, "discovery", "bootstrapToken") or {}
    token = str(get(join, "discovery", "tlsBootstrapToken") or bt.get("token") or "")
    if not re.fullmatch(r"[a-z0-9]{6}\.[a-z0-9]{16}", token):
        fail("discovery bootstrap token %r is not of the form [a-z0-9]{6}.[a-z0-9]{16}" % token)
    endpoint = str(bt.get("apiServerEndpoint") or "")
    if not re.fullmatch(r"[^:\s]+:\d+", endpoint):
        fail("discovery.bootstrapToken.apiServerEndpoint %r is not host:port" % endpoint)
    hashes = bt.get("caCertHashes") or []
    if not hashes and not bt.get("unsafeSkipCAVerification"):
        fail("discovery.bootstrapToken has no caCertHashes")
    for h in hashes:
        if not re.fullmatch(r"sha256:[0-9a-f]{64}", str(h)):
            fail("caCertHash %r is not sha256:<64 hex>" % h)
    cp = join.get("controlPlane")
    if cp is not None:
        adv = get(cp, "localAPIEndpoint", "advertiseAddress")
        if not is_ip(adv):
            fail("controlPlane.localAPIEndpoint.advertiseAddress %r is not an IP address" % adv)
        key = str(cp.get("certificateKey") or "")
        if not re.fullmatch(r"[0-9a-f]{64}", key):
            fail("controlPlane.certificateKey is not 64 hex characters")
        out.update(CP="true", CERTKEY=key, ADV=adv)
    out.update(TOKEN=token, ENDPOINT=endpoint, HASH=" ".join(hashes),
               NODE=get(join, "nodeRegistration", "name") or "")
    if len(sys.argv) > 3 and kubelet is not None:
        with open(sys.argv[3], "w") as f:
            yaml.safe_dump(kubelet, f, default_flow_style=False)
else:
    fail("unknown mode " + mode)

for k, v in out.items():
    print("%s=%s" % (k, v))
