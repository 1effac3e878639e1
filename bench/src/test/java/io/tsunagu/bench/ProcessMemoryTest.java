package io.tsunagu.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** `jcmd <pid> GC.heap_info` output of JDK 25 (and 17) JVMs with -Xmx128m, one collector each, and a /proc status. */
class ProcessMemoryTest {

    @Test
    void readsVmRssFromProcStatus() {
        String status = """
                Name:\thead
                Umask:\t0022
                State:\tR (running)
                Pid:\t24610
                VmPeak:\t    2928 kB
                VmSize:\t    2928 kB
                VmHWM:\t    1872 kB
                VmRSS:\t    1872 kB
                RssAnon:\t     116 kB
                RssFile:\t    1756 kB
                """;

        assertThat(ProcessMemory.residentKiB(status.lines().toList())).isEqualTo(1872);
    }

    @Test
    void readsG1() {
        String heapInfo = """
                21117:
                garbage-first heap   total reserved 131072K, committed 10240K, used 2926K \
                [0x00000000f8000000, 0x0000000100000000)
                 region size 1024K, 0 young (0K), 0 survivors (0K)
                """;

        assertThat(ProcessMemory.heapUsedKiB(heapInfo)).isEqualTo(2926);
    }

    @Test
    void leavesOutMetaspaceAndClassSpace() {
        String heapInfo = """
                21573:
                 garbage-first heap   total 131072K, used 6773K [0x00000000f8000000, 0x0000000100000000)
                  region size 1024K, 4 young (4096K), 1 survivors (1024K)
                 Metaspace       used 8943K, committed 9088K, reserved 1114112K
                  class space    used 1062K, committed 1152K, reserved 1048576K
                """;

        assertThat(ProcessMemory.heapUsedKiB(heapInfo)).isEqualTo(6773);
    }

    @Test
    void addsSerialGenerations() {
        String heapInfo = """
                21195:
                DefNew     total 39296K, used 24751K [0x00000000f8000000, 0x00000000faaa0000, 0x00000000faaa0000)
                 eden space 34944K,  70% used [0x00000000f8000000, 0x00000000f982bc08, 0x00000000fa220000)
                 from space 4352K,   0% used [0x00000000fa220000, 0x00000000fa220000, 0x00000000fa660000)
                 to   space 4352K,   0% used [0x00000000fa660000, 0x00000000fa660000, 0x00000000faaa0000)
                Tenured    total 87424K, used 1166K [0x00000000faaa0000, 0x0000000100000000, 0x0000000100000000)
                 the  space 87424K,   1% used [0x00000000faaa0000, 0x00000000fabc3ab8, 0x0000000100000000)
                """;

        assertThat(ProcessMemory.heapUsedKiB(heapInfo)).isEqualTo(24751 + 1166);
    }

    @Test
    void addsParallelGenerations() {
        String heapInfo = """
                21336:
                PSYoungGen      total 38400K, used 24956K [0x00000000fd580000, 0x0000000100000000, 0x0000000100000000)
                 eden space 33280K, 74% used [0x00000000fd580000,0x00000000feddf208,0x00000000ff600000)
                 from space 5120K, 0% used [0x00000000ffb00000,0x00000000ffb00000,0x0000000100000000)
                 to   space 5120K, 0% used [0x00000000ff600000,0x00000000ff600000,0x00000000ffb00000)
                ParOldGen       total 87552K, used 1166K [0x00000000f8000000, 0x00000000fd580000, 0x00000000fd580000)
                 object space 87552K, 1% used [0x00000000f8000000,0x00000000f8123ab8,0x00000000fd580000)
                """;

        assertThat(ProcessMemory.heapUsedKiB(heapInfo)).isEqualTo(24956 + 1166);
    }

    @Test
    void readsZgcInMegabytes() {
        String heapInfo = """
                21375:
                 ZHeap            used 30M, capacity 128M, max capacity 128M
                 Cache           98M (1)
                  size classes   64M (1)
                """;

        assertThat(ProcessMemory.heapUsedKiB(heapInfo)).isEqualTo(30 * 1024);
    }

    @Test
    void readsShenandoahWhereUsedComesLast() {
        String heapInfo = """
                21471:
                Shenandoah Heap
                 128M max, 128M soft max, 128M committed, 24064K used
                 512 x 256 K regions
                Status: not cancelled
                """;

        assertThat(ProcessMemory.heapUsedKiB(heapInfo)).isEqualTo(24064);
    }

    @Test
    void failsOnOutputWithoutHeapUsage() {
        assertThatThrownBy(() -> ProcessMemory.heapUsedKiB("21117:\nCommand executed successfully\n"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
