/*
 * lwipopts.h - lwIP 2.2 configuration for the application's own network stack.
 *
 * NO_SYS: one thread, the raw API, polled from the application's waits (lwIP
 * doc/NO_SYS_SampleCode.c). IPv4 with DHCP and DNS; TCP sized for a handful
 * of concurrent HTTPS connections (endpoint reachability opens them all at
 * once); UDP for DNS, DHCP and the project's own SNTP client
 * (net/sntp_lwip.c). TLS runs over the raw TCP queue (net/net_conn_lwip.c),
 * not altcp.
 */
#ifndef PREFLIGHT_LWIPOPTS_H
#define PREFLIGHT_LWIPOPTS_H

#define NO_SYS 1
#define LWIP_SOCKET 0
#define LWIP_NETCONN 0
#define SYS_LIGHTWEIGHT_PROT 0

#define MEM_ALIGNMENT 8
#define MEM_SIZE (512 * 1024)
#define MEMP_NUM_PBUF 64
#define MEMP_NUM_TCP_PCB 24
#define MEMP_NUM_TCP_SEG 128
#define MEMP_NUM_UDP_PCB 8
#define MEMP_NUM_SYS_TIMEOUT 16
#define PBUF_POOL_SIZE 128

#define LWIP_IPV4 1
#define LWIP_IPV6 0
#define LWIP_ARP 1
#define LWIP_ETHERNET 1
#define LWIP_ICMP 1
#define LWIP_RAW 0
#define LWIP_UDP 1
#define LWIP_TCP 1
#define LWIP_DHCP 1
#define LWIP_DHCP_DOES_ACD_CHECK 0
#define LWIP_DNS 1
#define DNS_MAX_SERVERS 2
#define DNS_TABLE_SIZE 16
#define LWIP_ALTCP 0
#define LWIP_NETIF_STATUS_CALLBACK 1
#define LWIP_NETIF_LINK_CALLBACK 1

#define TCP_MSS 1460
#define TCP_WND (16 * TCP_MSS)
#define TCP_SND_BUF (8 * TCP_MSS)
#define TCP_SND_QUEUELEN (4 * TCP_SND_BUF / TCP_MSS)
#define LWIP_TCP_KEEPALIVE 0

#define LWIP_STATS 0
#define LWIP_DEBUG 0
#define LWIP_CHECKSUM_ON_COPY 1

#endif
