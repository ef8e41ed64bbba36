package org.outagepredictor.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.outagepredictor.simulate.DeviceClass;
import org.outagepredictor.simulate.SimulatorOptions;

class SimulatedWorldTest {

    @Test
    void aSeedAloneIsTheSimulatorsDefaults() {
        SimulatedWorld world = SimulatedWorld.parse("11");

        assertThat(world.seed()).isEqualTo(11);
        assertThat(world.changed()).isEmpty();
        assertThat(world.name()).isEqualTo("fleet simulator, seed 11");
        assertThat(world.describe()).isEqualTo("the simulator's defaults");
        SimulatorOptions options = SimulatorOptions.from(world.options(30));
        assertThat(options.seed).isEqualTo(11);
        assertThat(options.devices).isEqualTo(30);
    }

    @Test
    void optionsAfterTheSeedChangeTheWorldAndNameTheDataset() {
        SimulatedWorld world =
                SimulatedWorld.parse(
                        "21?simulator.change-rate=6&simulator.bad-change-fraction=0.07");

        SimulatorOptions options = SimulatorOptions.from(world.options(30));
        assertThat(options.seed).isEqualTo(21);
        assertThat(options.changesPerDay).isEqualTo(6.0);
        assertThat(options.badChangeFraction).isEqualTo(0.07);
        assertThat(options.degradedErrorMultiplier)
                .isEqualTo(SimulatorOptions.defaults().degradedErrorMultiplier);
        assertThat(world.name())
                .isEqualTo("fleet simulator, seed 21, change-rate 6, bad-change-fraction 0.07");
        assertThat(world.describe())
                .startsWith(
                        "the simulator's defaults except `simulator.change-rate` 6,"
                                + " `simulator.bad-change-fraction` 0.07");
    }

    @Test
    void aValueMayHoldEqualsSignsAndSpaces() {
        SimulatedWorld world =
                SimulatedWorld.parse(
                        "7? simulator.class-mix = server=0.5,switch=0.5"
                                + "&simulator.incident-delay-min=30 min");

        SimulatorOptions options = SimulatorOptions.from(world.options(10));
        assertThat(options.classMix.get(DeviceClass.SERVER)).isEqualTo(0.5);
        assertThat(options.classMix.get(DeviceClass.SWITCH)).isEqualTo(0.5);
        assertThat(options.classMix.get(DeviceClass.FIREWALL)).isEqualTo(0.0);
        assertThat(options.incidentDelayMin).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void aWrongSeedOrOptionIsRefusedWithWhatIsWrong() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SimulatedWorld.parse("eleven"))
                .withMessageContaining("'eleven' is not a seed");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SimulatedWorld.parse("21?simulator.chnage-rate=6"))
                .withMessageContaining("'simulator.chnage-rate=6' is not OPTION=VALUE");
        for (String setElsewhere : new String[] {"simulator.seed=5", "simulator.devices=5"}) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> SimulatedWorld.parse("21?" + setElsewhere))
                    .withMessageContaining("'" + setElsewhere + "' is not OPTION=VALUE");
        }
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SimulatedWorld.parse("21?simulator.change-rate"))
                .withMessageContaining("'simulator.change-rate' has no value");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SimulatedWorld.parse("21?simulator.change-rate=6&"))
                .withMessageContaining("'' is not OPTION=VALUE");
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () ->
                                SimulatedWorld.parse(
                                        "21?simulator.change-rate=6&simulator.change-rate=3"))
                .withMessageContaining("sets simulator.change-rate twice");
    }

    @Test
    void aBadValueIsRefusedNamingItsOption() {
        assertThat(SimulatedWorld.parse("21?simulator.degraded-error-multiplier=1").changed())
                .containsEntry("simulator.degraded-error-multiplier", "1");
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () -> SimulatedWorld.parse("21?simulator.degraded-error-multiplier=0.5"))
                .withMessageContaining("simulator.degraded-error-multiplier must be");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SimulatedWorld.parse("21?simulator.change-rate=-1"))
                .withMessageContaining("simulator.change-rate must be a finite number");
    }
}
