// Creates the throwaway crontab owner, the inventories and a stand-in runtime jar for this IT.
def sh(String cmd) {
    def p = ['sh', '-c', cmd].execute()
    def out = new StringBuilder(), err = new StringBuilder()
    p.waitForProcessOutput(out, err)
    if (p.exitValue() != 0) throw new IllegalStateException("`$cmd` failed: $err")
    return out.toString()
}
if (sh('id -u').trim() != '0') {
    throw new IllegalStateException('this IT must run as root (as CI does): it creates a throwaway user to own a real crontab')
}
sh('command -v crontab >/dev/null || { echo "crontab missing: run .ci/setup-plugin-local.sh" >&2; exit 1; }')
new File(basedir, '../../it-home').mkdirs() // HOME of the invoked Maven (invoker.properties)
def user = 'cgit' + Integer.toHexString(new Random().nextInt(0xfffff) + 0x100000)
sh("useradd --no-create-home --shell /usr/sbin/nologin $user")
new File(basedir, 'user.txt').text = user
// a crontab the user already has: it must survive byte for byte
new File(basedir, 'foreign.crontab').text = 'MAILTO=""\n# the user\'s own job\n17 3 * * 1 /usr/bin/true backup\n'
sh("crontab -u $user '${new File(basedir, 'foreign.crontab')}'")

def inventory = { String update -> """\
all:
  hosts:
    local:
      ansible_connection: local
      chatgeist_platform: linux
      chatgeist_user: $user
      chatgeist_app_dir: app
      chatgeist_java: /usr/bin/java
      chatgeist_jobs:
        update: "$update"
        sync-token: false
        bot: service
    server:
      ansible_host: 192.0.2.10
      ansible_user: bot
      chatgeist_app_dir: /home/bot/chatgeist
""" }
new File(basedir, 'inventory.yaml').text = inventory('0 */4 * * *')
new File(basedir, 'changed.yaml').text = inventory('1h')
new File(basedir, 'broken.yaml').text = '''\
all:
  hosts:
    local:
      ansible_connection: local
      chatgeist_jobs:
        update: "0 */4 * * * *"
'''
def jar = new File(basedir, 'chatgeist-runtime/target/chatgeist-runtime.jar')
jar.parentFile.mkdirs()
jar.text = 'stand-in runtime jar'
new File(basedir, 'templates').mkdirs()
new File(basedir, 'templates/Dockerfile.ftl').text = 'FROM scratch\n# project override for ${host.name}\n'
return true
