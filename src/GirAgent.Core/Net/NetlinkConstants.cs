namespace GirAgent.Net;

/// <summary>The rtnetlink numbers the agent uses (linux/netlink.h, linux/rtnetlink.h, linux/if_addr.h, linux/if_link.h).</summary>
internal static class NetlinkConstants
{
    public const int HeaderLength = 16;

    // message types
    public const ushort NLMSG_ERROR = 2, NLMSG_DONE = 3;
    public const ushort RTM_NEWLINK = 16, RTM_GETLINK = 18;
    public const ushort RTM_NEWADDR = 20, RTM_DELADDR = 21, RTM_GETADDR = 22;
    public const ushort RTM_NEWROUTE = 24, RTM_GETROUTE = 26;

    // header flags
    public const ushort NLM_F_REQUEST = 0x1, NLM_F_MULTI = 0x2, NLM_F_ACK = 0x4;
    public const ushort NLM_F_DUMP = 0x300, NLM_F_EXCL = 0x200, NLM_F_CREATE = 0x400;
    public const ushort NLM_F_ACK_TLVS = 0x200;
    public const ushort NLMSGERR_ATTR_MSG = 1;

    // address attributes and flags
    public const ushort IFA_ADDRESS = 1, IFA_LOCAL = 2, IFA_LABEL = 3, IFA_BROADCAST = 4, IFA_CACHEINFO = 6, IFA_FLAGS = 8;
    public const uint IFA_F_NODAD = 0x02, IFA_F_DADFAILED = 0x08, IFA_F_TENTATIVE = 0x40, IFA_F_PERMANENT = 0x80, IFA_F_NOPREFIXROUTE = 0x200;
    public const uint InfiniteLifetime = 0xFFFFFFFF;

    // link attributes and flags
    public const ushort IFLA_ADDRESS = 1, IFLA_BROADCAST = 2, IFLA_IFNAME = 3, IFLA_OPERSTATE = 16;
    public const uint IFF_UP = 0x1, IFF_BROADCAST = 0x2, IFF_LOOPBACK = 0x8, IFF_RUNNING = 0x40, IFF_NOARP = 0x80, IFF_LOWER_UP = 0x10000;
    public const ushort ARPHRD_ETHER = 1, ARPHRD_LOOPBACK = 772;

    // route attributes and values
    public const ushort RTA_DST = 1, RTA_OIF = 4, RTA_GATEWAY = 5, RTA_PREFSRC = 7, RTA_TABLE = 15;
    public const byte RT_TABLE_MAIN = 254, RT_TABLE_LOCAL = 255;
    public const byte RT_SCOPE_UNIVERSE = 0, RT_SCOPE_LINK = 253, RT_SCOPE_HOST = 254;
    public const byte RTN_UNICAST = 1, RTN_LOCAL = 2;

    public const byte AF_INET = 2, AF_INET6 = 10;
}
